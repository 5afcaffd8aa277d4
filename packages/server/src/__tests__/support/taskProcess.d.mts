import type { AnyStateDefinition, EventSpec } from '@core/state';

/** The state both processes of the task tests run (see taskProcess.mjs). */
export declare const Work: AnyStateDefinition & {
  readonly list: () => EventSpec<void>;
  readonly plain: () => EventSpec<void>;
  readonly durable: () => EventSpec<void>;
};
