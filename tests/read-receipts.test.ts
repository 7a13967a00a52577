import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { whatsappChats, whatsappCommands } from '../lib/db/schema';
import { call } from './support/api';
import type { TestDb } from './support/db';
import { messageDto } from './support/messages';
import { waitFor } from './support/processes';
import { startReadyWorker } from './support/worker-harness';

const WA = '/api/v1/superadmin/whatsapp';
const CUSTOMER = '56991112222@c.us';

/**
 * WhatsApp's read receipt (blue ticks) goes out only when the `sendReadReceipts` setting allows it: marking
 * a chat read queues one `send_seen` command, the worker runs it as `Chat.sendSeen`, and the fake phone
 * records it in `GET /sent`. Reading an already read chat sends nothing more.
 */
describe('read receipts', () => {
  let suite: Awaited<ReturnType<typeof startReadyWorker>>;
  let t: TestDb;
  let h: typeof suite.h;
  let cookie: string;
  let chatId: number;
  beforeAll(async () => {
    suite = await startReadyWorker();
    ({ t, h, cookie } = suite);
  });
  afterAll(() => suite.drop());

  /** A customer writes: the chat is stored with an unread message. */
  const customerWrites = async (body: string) => {
    h.driver.deliver([messageDto({ chatId: CUSTOMER, senderWid: CUSTOMER, body })]);
    const chat = await waitFor(
      'the unread chat',
      async () => {
        const [row] = await t.db
          .select()
          .from(whatsappChats)
          .where(and(eq(whatsappChats.waId, CUSTOMER), eq(whatsappChats.sessionId, h.sessionId)));
        return row && row.unreadCount > 0 ? row : undefined;
      },
      10_000,
    );
    chatId = chat.id;
  };
  const markRead = async () => {
    const res = await call('POST', `${WA}/chats/${chatId}/read/`, { cookie, body: { read: true } });
    expect(res.status).toBe(200);
    return (await res.json()) as { unreadCount: number; readReceipt: boolean };
  };
  const seenCommands = () =>
    t.db.select().from(whatsappCommands).where(eq(whatsappCommands.kind, 'send_seen'));
  const seenOnPhone = () => h.world.sent.filter((s) => s.type === 'seen' && s.chatId === CUSTOMER);

  it('sends nothing to WhatsApp while the setting is off (the default)', async () => {
    await customerWrites('Hola, ¿tienen cupos?');
    expect(await markRead()).toMatchObject({ unreadCount: 0, readReceipt: false });
    expect(await seenCommands()).toEqual([]);
    expect(seenOnPhone()).toEqual([]);
  });

  it('with the setting on, queues one receipt that the worker sends, and none for a chat already read', async () => {
    const settings = await call('PATCH', '/api/v1/superadmin/settings/', {
      cookie,
      body: { sendReadReceipts: true },
    });
    expect(settings.status).toBe(200);
    await customerWrites('¿Y para el sábado?');
    expect(await markRead()).toMatchObject({ unreadCount: 0, readReceipt: true });
    expect(await markRead()).toMatchObject({ unreadCount: 0, readReceipt: false });
    const commands = await seenCommands();
    expect(commands).toHaveLength(1);
    expect(commands[0]!.payload).toEqual({ chatId: CUSTOMER });
    await waitFor(
      'the receipt on the phone',
      async () => (seenOnPhone().length > 0 ? true : undefined),
      10_000,
    );
    await waitFor(
      'the command done',
      async () => {
        const [row] = await seenCommands();
        return row?.status === 'succeeded' ? row : undefined;
      },
      10_000,
    );
    expect(seenOnPhone()).toHaveLength(1);
  });
});
