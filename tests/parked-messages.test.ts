import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, whatsappMessages } from '../lib/db/schema';
import { createLogger } from '../lib/log';
import type { DomainHooks } from '../worker/hooks';
import { failureMetrics } from '../worker/metrics/failures';
import { MessageProcessors } from '../worker/processors';
import { call, createKey, useTestDbForRoutes } from './support/api';
import { createTestDb, type TestDb } from './support/db';
import { createChat, createMessage, createSession } from './support/factories';

type Parked = { items: { id: number; error: string; attempts: number; chatName: string }[]; total: number };

describe('parked messages: a message whose processing fails is kept for a person to replay', () => {
  let t: TestDb;
  let writeKey: string;
  let readKey: string;
  const WA = '/api/v1/superadmin/whatsapp';

  beforeAll(async () => {
    t = await createTestDb();
    useTestDbForRoutes(t);
    writeKey = (await createKey(t.db, 'write')).key;
    readKey = (await createKey(t.db, 'read')).key;
  });
  afterAll(() => t.drop());

  /** Runs the worker's processors until `until` holds, then stops them. */
  async function runProcessors(sessionId: number, hooks: DomainHooks, until: () => Promise<boolean>) {
    const stop = new AbortController();
    const log = createLogger('test', 'silent');
    const processors = new MessageProcessors({ db: t.db, sql: t.sql, log, sessionId, hooks });
    const running = processors.run(stop.signal);
    while (!(await until())) {
      processors.poke();
      await new Promise((r) => setTimeout(r, 50));
    }
    stop.abort();
    await running;
  }
  const messageRow = async (id: number) =>
    (await t.db.select().from(whatsappMessages).where(eq(whatsappMessages.id, id)))[0]!;

  it('parks the failing message with its error, shows it in the API, and replay processes it once fixed', async () => {
    const session = await createSession(t.db, { name: 'default', status: 'ready', heartbeatAt: new Date() });
    const chat = await createChat(t.db, { sessionId: session.id, name: 'Camila Rojas' });
    const good = await createMessage(t.db, { sessionId: session.id, chatId: chat.id, body: 'hola' });
    const bad = await createMessage(t.db, { sessionId: session.id, chatId: chat.id, body: 'TK-1 por favor' });
    let broken = true;
    const processed: number[] = [];
    const noop = async () => {};
    const hooks: DomainHooks = {
      processMessages: async (_db, { messageIds }) => {
        if (broken && messageIds.includes(bad.id)) throw new Error('settings table is unreadable');
        processed.push(...messageIds);
      },
      onSessionStatus: noop,
      onSendResult: noop,
      onOutgoingAcks: noop,
      onGroupsChanged: noop,
      tick: noop,
    };
    const parkedBefore = (await failureMetrics.parked.get()).values[0]?.value ?? 0;
    const failuresOf = async () =>
      (await failureMetrics.failures.get()).values.find((v) => v.labels.operation === 'message_processing')
        ?.value ?? 0;
    const failuresBefore = await failuresOf();

    await runProcessors(session.id, hooks, async () => (await messageRow(good.id)).processedAt !== null);
    expect(processed).toEqual([good.id]);
    expect(await messageRow(bad.id)).toMatchObject({
      processedAt: null,
      processingError: 'settings table is unreadable',
      processingAttempts: 1,
    });
    expect((await messageRow(bad.id)).parkedAt).not.toBeNull();
    expect((await failureMetrics.parked.get()).values[0]?.value).toBe(parkedBefore + 1);
    expect(await failuresOf()).toBe(failuresBefore + 1);

    const list = await call('GET', `${WA}/parked-messages/`, { key: readKey });
    expect(list.status).toBe(200);
    expect((await list.json()) as Parked).toMatchObject({
      total: 1,
      items: [{ id: bad.id, error: 'settings table is unreadable', attempts: 1, chatName: 'Camila Rojas' }],
    });

    // Replaying needs write access; a message that is not parked is a 404.
    expect((await call('POST', `${WA}/parked-messages/${bad.id}/replay/`, { key: readKey })).status).toBe(
      403,
    );
    expect((await call('POST', `${WA}/parked-messages/${good.id}/replay/`, { key: writeKey })).status).toBe(
      404,
    );

    broken = false;
    const replay = await call('POST', `${WA}/parked-messages/${bad.id}/replay/`, { key: writeKey });
    expect(replay.status).toBe(202);
    expect(await replay.json()).toEqual({ id: bad.id, status: 'queued' });
    expect(await t.db.select().from(auditLog).where(eq(auditLog.action, 'message.replay'))).toHaveLength(1);

    await runProcessors(session.id, hooks, async () => (await messageRow(bad.id)).processedAt !== null);
    expect(processed).toEqual([good.id, bad.id]);
    expect((await messageRow(bad.id)).parkedAt).toBeNull();
    const after = (await (await call('GET', `${WA}/parked-messages/`, { key: readKey })).json()) as Parked;
    expect(after).toEqual({ items: [], total: 0 });
  });
});
