import { MemoryStateManager } from '@core/state';
import {
  runAppTaskLeaseConformance,
  runHandlerPresenceConformance,
  runPresenceConformance,
} from '@core/state/conformance';

const memory = ({ peerOf, taskLease }: { peerOf?: MemoryStateManager; taskLease: number }) =>
  peerOf ?? new MemoryStateManager({ taskLease });
runPresenceConformance('MemoryStateManager', (options) => memory(options as never));
runAppTaskLeaseConformance('MemoryStateManager', (options) => memory(options as never));
runHandlerPresenceConformance('MemoryStateManager', (options) => memory(options as never));
