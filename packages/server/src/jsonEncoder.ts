import { Encoder, type Packet, PacketType } from 'socket.io-parser';

/**
 * socket.io's packet encoder without the search for binary data in the framework's own messages
 * (`core:*`): they are JSON by construction (the state is checked to be JSON at commit), yet the
 * default encoder walks every patch looking for Buffers before it stringifies it. Other events
 * (an app's own, on `server.io`) go through the default encoder, binary attachments included.
 * The text on the wire is the same as the default encoder's.
 */
export class JsonEncoder extends Encoder {
  override encode(packet: Packet): unknown[] {
    const { data } = packet;
    if (packet.type !== PacketType.EVENT || !Array.isArray(data) || !isCoreEvent(data[0])) return super.encode(packet);
    let text = '2';
    if (packet.nsp && packet.nsp !== '/') text += `${packet.nsp},`;
    if (packet.id !== undefined && packet.id !== null) text += packet.id;
    return [text + JSON.stringify(data)];
  }
}

function isCoreEvent(name: unknown): boolean {
  return typeof name === 'string' && name.startsWith('core:');
}
