import { eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { whatsappCommands } from '../lib/db/schema';
import { getRequest } from '../lib/reservations/list-requests';
import { checkNotificationDeadlines } from '../lib/reservations/notification/outcomes';
import { createTestDb, type TestDb } from './support/db';
import { notifiedScenario } from './support/pipeline';

const LATER = () => new Date(Date.now() + 3600_000);

/**
 * The ack deadline must never cause a second copy of a notification: not while the first is still being
 * handed to WhatsApp, and not when a crash left it unknown whether it went out.
 */
describe('notification deadline with a send in flight', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(() => t.drop());

  const commandsFor = (requestId: number) =>
    t.db
      .select()
      .from(whatsappCommands)
      .where(like(whatsappCommands.idempotencyKey, `request:${requestId}:%`));

  it('waits instead of retrying while the notification is still being sent', async () => {
    const { session, request, commandId } = await notifiedScenario(t.db);
    await t.db.update(whatsappCommands).set({ status: 'sending' }).where(eq(whatsappCommands.id, commandId));
    const outcome = await checkNotificationDeadlines(t.db, { sessionId: session.id, now: LATER() });
    expect(outcome).toEqual({ retried: [], failed: [] });
    expect(await commandsFor(request.id)).toHaveLength(1);
    const after = await getRequest(t.db, request.id);
    expect(after.status).toBe('matched');
    expect(after.trace.at(-1)?.note).toMatch(/aún se está enviando/);
  });

  it('hands an unknown outcome to a person instead of sending again', async () => {
    const { session, request, commandId } = await notifiedScenario(t.db);
    await t.db.update(whatsappCommands).set({ status: 'unknown' }).where(eq(whatsappCommands.id, commandId));
    const outcome = await checkNotificationDeadlines(t.db, { sessionId: session.id, now: LATER() });
    expect(outcome.failed).toEqual([request.id]);
    expect(await commandsFor(request.id)).toHaveLength(1);
    const after = await getRequest(t.db, request.id);
    expect(after.status).toBe('notify_failed');
    expect(after.error).toMatch(/no se sabe si el aviso salió/);
  });
});
