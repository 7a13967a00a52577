import type { MessageDto } from '../../lib/whatsapp/dto';

let counter = 0;

/** A WhatsApp message as a driver would hand it over; override what the test is about. */
export function messageDto(overrides: Partial<MessageDto> = {}): MessageDto {
  counter++;
  const chatId = overrides.chatId ?? '56912345678@c.us';
  const protocolId = overrides.protocolId ?? `3EB0${Date.now().toString(16).toUpperCase()}${counter}`;
  const fromMe = overrides.fromMe ?? false;
  return {
    protocolId,
    fromMe,
    serializedId: `${fromMe}_${chatId}_${protocolId}`,
    chatId,
    senderWid: fromMe ? null : chatId,
    body: `Hola ${counter}`,
    type: 'chat',
    timestamp: Math.floor(Date.now() / 1000),
    ack: fromMe ? 1 : 0,
    hasMedia: false,
    isForwarded: false,
    isStatus: false,
    quotedProtocolId: null,
    ...overrides,
  };
}
