import { encodedMessage } from '@core/state/internal';
import { DevtoolsWireEvent, floatReplacer, WireEvent } from '@core/state/protocol';
import { Encoder, type Packet, PacketType } from 'socket.io-parser';

/**
 * socket.io's packet encoder without the search for binary data in the framework's own messages
 * (`core:*`): they are JSON by construction (the state is checked to be JSON at commit), yet the
 * default encoder walks every patch looking for Buffers before it stringifies it. A `core:patch`
 * whose JSON was made already (`patchMessage`: the update's text, made once per update and also
 * what the Redis manager stores) is written as it is. Other events (an app's own, on `server.io`)
 * go through the default encoder, binary attachments included. The text on the wire is the same
 * as the default encoder's.
 */
export class JsonEncoder extends Encoder {
  override encode(packet: Packet): unknown[] {
    const { data } = packet;
    if (packet.type !== PacketType.EVENT || !Array.isArray(data) || !isCoreEvent(data[0])) return super.encode(packet);
    const message = data.length === 2 ? data[1] : undefined;
    const encoded =
      encodedMessage(message) ??
      // A message holding NaN or an infinity writes them as their reserved strings (see the protocol).
      ((message as { floats?: unknown } | undefined)?.floats === true
        ? JSON.stringify(message, floatReplacer)
        : undefined);
    if (encoded !== undefined) {
      // What encodeAsString writes: the type, a namespace other than '/', the ack id, the data.
      const nsp = packet.nsp && packet.nsp !== '/' ? `${packet.nsp},` : '';
      return [`${packet.type}${nsp}${packet.id ?? ''}["${data[0]}",${encoded}]`];
    }
    // The default encoder's own text step (private in its typings), without the binary search.
    return [(this as unknown as TextEncoding).encodeAsString(packet)];
  }
}

/** The step of socket.io-parser's `Encoder` that writes a packet without attachments as text. */
interface TextEncoding {
  encodeAsString(packet: Packet): string;
}

/** The framework's own message names (`WireEvent` and the devtools channel's), as the protocol declares them. */
const CORE_EVENTS: ReadonlySet<unknown> = new Set<unknown>([
  ...Object.values(WireEvent),
  ...Object.values(DevtoolsWireEvent),
]);

function isCoreEvent(name: unknown): boolean {
  return CORE_EVENTS.has(name);
}
