import { type Patch, type PatchMessage, WireEvent } from '@core/state/protocol';
import type { CoreIo, CoreSocket } from './socketServer.js';

/** The parts of socket.io's in-memory adapter that every adapter's local delivery goes through. */
interface AdapterDelivery {
  _encode(packet: { data?: unknown }, options: unknown): unknown;
  apply(options: unknown, callback: (socket: CoreSocket) => void): void;
}

/**
 * Leaves out of each page's updates the collection changes its windows do not show. Every
 * delivery to this process's sockets — of an update made here, or one that came from another
 * process through the Redis adapter — runs socket.io's local broadcast, which encodes the packet
 * once and then writes it to each socket of the room. This wraps that step for `core:patch`
 * messages holding collection ops: a socket whose windows show all of them (the common case: a
 * post at the top of a feed) gets the bytes encoded once; one whose windows show less gets its own
 * filtered copy (`PageWindows.filter`: a count change for inserts and deletes elsewhere, nothing
 * for updates elsewhere). Each process filters with what it knows of its own sockets, so the filter
 * works the same on one process and on many.
 */
export function deliverWindowed(io: CoreIo): void {
  const adapter = io.of('/').adapter as unknown as AdapterDelivery;
  const encode = adapter._encode.bind(adapter);
  const apply = adapter.apply.bind(adapter);
  // `_encode` then `apply`, synchronously, in every broadcast: the packet being delivered.
  let delivering: { data?: unknown } | undefined;
  adapter._encode = (packet, options) => {
    delivering = packet;
    return encode(packet, options);
  };
  adapter.apply = (options, callback) => {
    const message = collectionMessage(delivering);
    delivering = undefined;
    if (!message) return apply(options, callback);
    apply(options, (socket) => {
      const windows = socket.data.windows;
      const patches = windows ? windows.filter(message.source ?? '', message.patches) : message.patches;
      if (patches === message.patches) callback(socket);
      else socket.emit(WireEvent.patch, { ...message, patches });
    });
  };
}

/** The `core:patch` message of a packet when it carries collection ops. */
function collectionMessage(packet: { data?: unknown } | undefined): PatchMessage | undefined {
  const data = packet?.data;
  if (!Array.isArray(data) || data[0] !== WireEvent.patch) return undefined;
  const message = data[1] as PatchMessage | undefined;
  return message?.patches?.some((patch: Patch) => patch.op === 'collection') ? message : undefined;
}
