import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type { Message } from 'whatsapp-web.js';
import { createLogger } from '../lib/log';
import { WebjsDriver } from '../worker/whatsapp/webjs/webjs-driver';
import * as raw from './fixtures/webjs-raw';

const require = createRequire(import.meta.url);
const structures = require('whatsapp-web.js/src/structures/index.js') as Record<
  'Message',
  new (
    client: unknown,
    data: unknown,
  ) => Message
>;

/**
 * The whatsapp-web.js driver's calls into the library, against a stub Client that records what it is asked:
 * what a send passes, and how often WhatsApp itself is queried (each query raises ban risk).
 */
function driverWithStubClient() {
  const asked = { numberIds: 0, lids: [] as string[], sendOptions: [] as unknown[] };
  const stub = {
    getNumberId: async (number: string) => {
      asked.numberIds++;
      return { _serialized: `${number}@c.us` };
    },
    sendMessage: async (to: string, body: string, options: unknown) => {
      asked.sendOptions.push(options);
      const id = { fromMe: true, remote: to, id: `3EB0SENT${asked.sendOptions.length}` };
      return new structures.Message(stub, { ...raw.rawIncomingText, id, body, from: '56900000000@c.us', to });
    },
    getContactLidAndPhone: async (lids: string[]) => {
      asked.lids.push(...lids);
      return lids.map((lid) => ({ lid, pn: lid.startsWith('111') ? '56911111111@c.us' : null }));
    },
    getChatById: async () => ({
      fetchMessages: async () =>
        ['111', '111', '222', '222'].map(
          (user, i) =>
            new structures.Message(stub, {
              ...raw.rawIncomingText,
              id: { fromMe: false, remote: `${user}@lid`, id: `3EB0LID${i}` },
              from: `${user}@lid`,
            }),
        ),
    }),
  };
  const driver = new WebjsDriver({
    clientId: 'stub',
    dataPath: '/nonexistent',
    webCachePath: '/nonexistent',
    takeoverOnConflict: false,
    log: createLogger('test', 'silent'),
  });
  // The library's Client needs a browser; the driver only ever talks to it through these calls.
  (driver as unknown as { client: unknown }).client = stub;
  return { driver, asked };
}

describe('whatsapp-web.js driver calls', () => {
  it('sends without marking the chat read or fetching link previews, resolving each number once', async () => {
    const { driver, asked } = driverWithStubClient();
    const first = await driver.sendMessage('56922222222@c.us', 'Su reserva está confirmada');
    await driver.sendMessage('56922222222@c.us', 'Nos vemos a las 9');
    expect(first).toMatchObject({
      fromMe: true,
      chatId: '56922222222@c.us',
      body: 'Su reserva está confirmada',
    });
    expect(asked.sendOptions).toEqual([
      { sendSeen: false, linkPreview: false },
      { sendSeen: false, linkPreview: false },
    ]);
    expect(asked.numberIds).toBe(1);
  });

  it('asks WhatsApp once about each @lid chat, whether the phone is known or not', async () => {
    const { driver, asked } = driverWithStubClient();
    const first = await driver.fetchMessages('any@c.us', { limit: 4 });
    const again = await driver.fetchMessages('any@c.us', { limit: 4 });
    expect(first.map((m) => m.chatId)).toEqual([
      '56911111111@c.us',
      '56911111111@c.us',
      '222@lid',
      '222@lid',
    ]);
    expect(again.map((m) => m.chatId)).toEqual(first.map((m) => m.chatId));
    expect(asked.lids.sort()).toEqual(['111@lid', '222@lid']);
  });

  it('pins whatsapp-web.js to the exact version installed (WhatsApp Web breaks it often)', () => {
    const wanted = (
      JSON.parse(readFileSync('package.json', 'utf8')) as { dependencies: Record<string, string> }
    ).dependencies['whatsapp-web.js'];
    expect(wanted).toMatch(/^\d+\.\d+\.\d+$/);
    expect((require('whatsapp-web.js/package.json') as { version: string }).version).toBe(wanted);
  });
});
