import { MemoryStateManager } from '@core/state';
import { runStateManagerConformance } from '@core/state/conformance';

runStateManagerConformance('MemoryStateManager', (options) => new MemoryStateManager(options));
