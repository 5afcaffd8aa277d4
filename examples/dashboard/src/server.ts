import { createApp } from '@core/state';
import { ExportState } from './state/exportState';
import { LogState } from './state/logState';
import { MetricsState } from './state/metricsState';
import { sampler } from './state/sampler';

/** The app `core dev` and `core start` serve: its states, and the sampler that runs with the server. */
export const app = createApp({ states: [MetricsState, LogState, ExportState], tasks: [sampler] });
