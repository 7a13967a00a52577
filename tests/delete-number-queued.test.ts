import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../lib/audit/actor';
import { enqueueCommand } from '../lib/commands/enqueue';
import { whatsappCommands } from '../lib/db/schema';
import { getRequest } from '../lib/reservations/list-requests';
import { deleteSession } from '../lib/whatsapp/sessions/manage';
import { createTestDb, type TestDb } from './support/db';
import { createChat, createSession } from './support/factories';
import { commandRow, notifiedScenario } from './support/pipeline';

/**
 * A number deleted with `keep` is never run again, so what it still had queued would wait for ever: a
 * customer's reservation request stuck "matched", its operator never told, nothing on the failed list.
 */
describe('deleting a number that still has work queued', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(() => t.drop());

  const command = (id: number) => commandRow(t.db, id);
  const queueSend = async (sessionId: number, chatId: string, body: string) =>
    (await enqueueCommand(t.db, { sessionId, kind: 'send_message', payload: { chatId, body } })).command;

  it('cancels its queued sends, fails the request waiting on one, and leaves claimed and other numbers’ work alone', async () => {
    const s = await notifiedScenario(t.db);
    const customer = await createChat(t.db, { sessionId: s.session.id, waId: '56971234567@c.us' });
    const queued = await queueSend(s.session.id, customer.waId, 'Hola, ¿cómo estás?');
    const claimed = await queueSend(s.session.id, customer.waId, 'ya saliendo');
    await t.db.update(whatsappCommands).set({ status: 'running' }).where(eq(whatsappCommands.id, claimed.id));
    const other = await createSession(t.db);
    const elsewhere = await queueSend(other.id, '56970000009@c.us', 'otro número');

    await deleteSession(t.db, s.session.name, { messages: 'keep' }, SYSTEM_ACTOR);

    for (const id of [s.commandId, queued.id])
      expect(await command(id)).toMatchObject({
        status: 'cancelled',
        error: 'The WhatsApp number was deleted before this ran.',
        finishedAt: expect.any(Date),
      });
    expect((await command(claimed.id)).status).toBe('running');
    expect((await command(elsewhere.id)).status).toBe('pending');

    const request = await getRequest(t.db, s.request.id);
    expect(request.status).toBe('notify_failed');
    expect(request.error).toBe('se eliminó el número de WhatsApp antes de enviar el aviso (intento 1)');
    expect(request.trace.at(-1)).toMatchObject({ status: 'notify_failed', note: request.error });
  });

  it('leaves a request alone whose notification was already sent', async () => {
    const s = await notifiedScenario(t.db);
    await t.db
      .update(whatsappCommands)
      .set({ status: 'succeeded', finishedAt: new Date() })
      .where(eq(whatsappCommands.id, s.commandId));

    await deleteSession(t.db, s.session.name, { messages: 'keep' }, SYSTEM_ACTOR);

    expect((await command(s.commandId)).status).toBe('succeeded');
    expect((await getRequest(t.db, s.request.id)).status).toBe('matched');
  });
});
