import type { Logger } from '@core/state';
import { Adapter, type BroadcastOptions, type ClusterAdapter, MessageType } from 'socket.io-adapter';

type AdapterFactory = (nsp: unknown) => unknown;
type Packet = Parameters<Adapter['broadcast']>[0];
/** The protected publishing method of socket.io's cluster adapter, reached from outside. */
type Publishing = { publishAndReturnOffset(message: unknown): Promise<unknown> };

/**
 * Wraps a socket.io cluster adapter (the sharded Redis one) so that a broadcast reaches this
 * process's sockets at once and the other processes after. As shipped, it first awaits its
 * `SPUBLISH` and only then emits locally, so an event's patch reached its page after the event's
 * ack (which is a direct emit): a page awaiting the event saw the old state. The classic Redis
 * adapter emits locally first; this restores that order.
 */
export function localFirstAdapter(factory: AdapterFactory, logger: Logger): AdapterFactory {
  // A function, not an arrow: socket.io calls it with `new` (an object returned from a constructor
  // is what `new` gives).
  return function LocalFirstAdapter(nsp: unknown) {
    const adapter = factory(nsp) as ClusterAdapter;
    const clusterBroadcast = adapter.broadcast.bind(adapter);
    adapter.broadcast = async (packet: Packet, opts: BroadcastOptions) => {
      if (opts.flags?.local) return clusterBroadcast(packet, opts);
      Adapter.prototype.broadcast.call(adapter, packet, opts);
      const message = {
        type: MessageType.BROADCAST,
        data: { packet, opts: { rooms: [...opts.rooms], except: [...(opts.except ?? [])], flags: opts.flags } },
      };
      (adapter as unknown as Publishing).publishAndReturnOffset(message).catch((error: unknown) => {
        logger.warn('Publishing an update to the other processes failed', { error });
      });
    };
    return adapter;
  };
}
