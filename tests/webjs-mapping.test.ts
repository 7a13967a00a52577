import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type { Chat, Contact, Message, Reaction } from 'whatsapp-web.js';
import { mapChat, mapContact, mapMessage, mapReaction } from '../worker/whatsapp/webjs/mapping';
import * as raw from './fixtures/webjs-raw';

// The library's OWN classes parse the raw data, as they do in production; a stub client is enough for that.
const require = createRequire(import.meta.url);
const structures = require('whatsapp-web.js/src/structures/index.js') as Record<
  'Message' | 'Chat' | 'GroupChat' | 'PrivateChat' | 'Contact' | 'PrivateContact' | 'Reaction',
  new (
    client: unknown,
    data: unknown,
  ) => unknown
>;
const client = {};
const message = (data: unknown) => new structures.Message(client, data) as Message;

describe('whatsapp-web.js adapter contract', () => {
  it('maps an incoming text message', () => {
    expect(mapMessage(message(raw.rawIncomingText))).toEqual({
      protocolId: '3EB0C767D26A1D8A6F1B',
      fromMe: false,
      serializedId: 'false_56912345678@c.us_3EB0C767D26A1D8A6F1B',
      chatId: '56912345678@c.us',
      senderWid: '56912345678@c.us',
      body: 'Hola! Quiero confirmar mi reserva RES-7KQ2M para el sábado',
      type: 'chat',
      timestamp: 1795800000,
      ack: 1,
      hasMedia: false,
      isForwarded: false,
      isStatus: false,
      quotedProtocolId: null,
      edited: false,
    });
  });

  it('derives the serialized id when WhatsApp Web gives `$1` or nothing instead of `_serialized`', () => {
    expect(mapMessage(message(raw.rawIdWithDollarOne)).serializedId).toBe(
      'false_56912345678@c.us_3EB0D0D0D0D0D0D0D0D1',
    );
    expect(mapMessage(message(raw.rawGroupIdWithoutSerialized))).toMatchObject({
      protocolId: 'ABCD0000000000000002',
      serializedId: 'false_120363025555555555@g.us_ABCD0000000000000002_56977777777@c.us',
      chatId: '120363025555555555@g.us',
      senderWid: '56977777777@c.us',
    });
  });

  it('never takes a location thumbnail, a vCard or a file name as the text', () => {
    const location = mapMessage(message(raw.rawLocation));
    expect(location).toMatchObject({
      type: 'location',
      body: 'Hotel Las Torres\nSector Estancia Cerro Paine',
      location: {
        latitude: -50.9423,
        longitude: -73.4068,
        name: 'Hotel Las Torres',
        address: 'Sector Estancia Cerro Paine',
      },
    });
    expect(mapMessage(message(raw.rawVcard))).toMatchObject({
      body: 'Carla Soto',
      vcards: [{ name: 'Carla Soto', numbers: ['56955555555'] }],
    });
    expect(mapMessage(message(raw.rawDocument))).toMatchObject({
      body: '',
      media: {
        mimetype: 'application/pdf',
        size: 48213,
        filename: 'voucher-RES-7KQ2M.pdf',
        filehash: 'q0pX1p8Cq8w0m0sY8oY6YgBq8l5Z2o7m3xXy1k0eZ1A=',
      },
    });
    expect(mapMessage(message(raw.rawVoiceNote)).media).toMatchObject({
      mimetype: 'audio/ogg; codecs=opus',
      size: 9133,
      duration: 7,
    });
  });

  it("keeps a photo's caption as its text and the body's JPEG preview as its thumbnail", () => {
    expect(mapMessage(message(raw.rawImageWithThumbnail))).toMatchObject({
      body: 'Comprobante de RES-7KQ2M',
      hasMedia: true,
      media: {
        mimetype: 'image/jpeg',
        size: 183220,
        width: 1280,
        height: 960,
        thumbnail: raw.rawImageWithThumbnail.body,
      },
    });
    // A body that is not a base64 JPEG (a file name, a cut preview) is never taken as one.
    expect(mapMessage(message(raw.rawDocument)).media?.thumbnail).toBeNull();
  });

  it('maps a poll with its options and whether several may be chosen', () => {
    expect(mapMessage(message(raw.rawPoll))).toMatchObject({
      type: 'poll_creation',
      body: '¿A qué hora salimos?',
      poll: { name: '¿A qué hora salimos?', options: ['9:00', '10:30'], allowMultiple: false },
    });
    const multiple = mapMessage(message({ ...raw.rawPoll, pollSelectableOptionsCount: 0 }));
    expect(multiple.poll?.allowMultiple).toBe(true);
  });

  it('maps a reaction to the message it is on, in seconds', () => {
    const reaction = new structures.Reaction(client, raw.rawReaction) as Reaction;
    expect(mapReaction(reaction)).toEqual({
      chatId: '56912345678@c.us',
      messageProtocolId: '3EB0AA11BB22CC33DD44',
      messageFromMe: true,
      senderWid: '56912345678@c.us',
      fromMe: false,
      emoji: '👍',
      timestamp: 1795800300,
    });
    const removed = new structures.Reaction(client, { ...raw.rawReaction, reactionText: '' }) as Reaction;
    expect(mapReaction(removed)?.emoji).toBe('');
  });

  it('tells a real edit from any other body change', () => {
    expect(mapMessage(message(raw.rawEdited)).edited).toBe(true);
    expect(mapMessage(message(raw.rawIncomingText)).edited).toBe(false);
  });

  it('maps a group message whose sender is an @lid, with object ids, quote and forward', () => {
    const dto = mapMessage(message(raw.rawGroupMessageFromLid));
    expect(dto).toMatchObject({
      protocolId: 'ABCD1234EF567890ABCD',
      chatId: '120363025555555555@g.us',
      senderWid: '98765432101234@lid',
      isForwarded: true,
      quotedProtocolId: '3EB0C767D26A1D8A6F1B',
      body: 'Confirmo RES-7KQ2M ✅',
    });
  });

  it('uses the caption as the body of our own media message and keeps the chat as the recipient', () => {
    expect(mapMessage(message(raw.rawOwnImageWithCaption))).toMatchObject({
      fromMe: true,
      chatId: '56912345678@c.us',
      senderWid: null,
      body: 'Mapa del punto de encuentro',
      hasMedia: true,
      type: 'image',
      ack: 3,
    });
  });

  it('recognizes revoked messages and status broadcasts', () => {
    expect(mapMessage(message(raw.rawRevoked))).toMatchObject({ type: 'revoked', body: '' });
    expect(mapMessage(message(raw.rawStatusBroadcast)).isStatus).toBe(true);
  });

  it('maps a group with participants read from the groupMetadata getters', () => {
    const chat = new structures.GroupChat(client, raw.rawGroupChat) as Chat;
    // The getters are invisible to JSON: the classic bug is losing participants through serialization.
    expect(JSON.parse(JSON.stringify(chat)).participants).toBeUndefined();
    expect(mapChat(chat)).toEqual({
      id: '120363025555555555@g.us',
      name: 'Operador Torres del Paine',
      isGroup: true,
      unreadCount: 3,
      archived: false,
      readOnly: false,
      muted: false,
      pinned: true,
      timestamp: 1795800100,
      lastMessageId: null,
      participants: [
        { wid: '56900000000@c.us', isAdmin: true, isSuperAdmin: false },
        { wid: '56977777777@c.us', isAdmin: true, isSuperAdmin: true },
        { wid: '98765432101234@lid', isAdmin: false, isSuperAdmin: false },
      ],
      description: 'Reservas de Torres del Paine',
      ownerWid: '56977777777@c.us',
    });
  });

  it('maps an individual chat without participants', () => {
    const chat = new structures.PrivateChat(client, raw.rawPrivateChat) as Chat;
    expect(mapChat(chat)).toMatchObject({
      id: '56912345678@c.us',
      isGroup: false,
      archived: true,
      muted: true,
      participants: null,
      lastMessageId: '3EB0C767D26A1D8A6F1B',
    });
  });

  it('maps contacts, keeping the @lid alias when that is all WhatsApp gives', () => {
    expect(mapContact(new structures.PrivateContact(client, raw.rawContact) as Contact)).toEqual({
      id: '56912345678@c.us',
      number: '56912345678',
      lid: null,
      name: 'Ana Pérez',
      pushName: 'Ana',
      isBusiness: false,
      isMyContact: true,
      isGroup: false,
    });
    expect(mapContact(new structures.PrivateContact(client, raw.rawLidContact) as Contact)).toMatchObject({
      id: '98765432101234@lid',
      lid: '98765432101234@lid',
      number: null,
      pushName: 'Guía Pedro',
    });
  });
});
