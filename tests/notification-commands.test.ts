import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_FOLDER, runMigrations } from '../lib/db/migrate';
import { whatsappCommands, whatsappMessages } from '../lib/db/schema';
import { getRequest } from '../lib/reservations/list-requests';
import { handleOutgoingAcks, handleSendResult } from '../lib/reservations/notification/outcomes';
import { processStoredMessages } from '../lib/reservations/process-messages';
import { createTestDb, type TestDb } from './support/db';
import { createMessage } from './support/factories';
import { commandRow, notifiedScenario, simulateSentMessage } from './support/pipeline';

describe('notification commands: purpose, request and attempt are columns', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(() => t.drop());

  const command = (id: number) => commandRow(t.db, id);

  it('a notification and its retry carry purpose, request id and attempt; the reply its purpose', async () => {
    const s = await notifiedScenario(t.db);
    expect(await command(s.commandId)).toMatchObject({
      purpose: 'reservation_request',
      requestId: s.request.id,
      attempt: 1,
    });
    await handleSendResult(t.db, { commandId: s.commandId, ok: false, error: 'chat not found' });
    const retried = await getRequest(t.db, s.request.id);
    expect(await command(retried.notificationCommandId!)).toMatchObject({
      purpose: 'reservation_request',
      requestId: s.request.id,
      attempt: 2,
    });

    const answer = await createMessage(t.db, {
      sessionId: s.session.id,
      chatId: s.group.id,
      body: `${s.reservation.code} confirmo`,
    });
    await processStoredMessages(t.db, { sessionId: s.session.id, messageIds: [answer.id] });
    const [reply] = await t.db
      .select()
      .from(whatsappCommands)
      .where(eq(whatsappCommands.idempotencyKey, `request:${s.request.id}:reply`));
    expect(reply).toMatchObject({ purpose: 'request_reply', requestId: s.request.id, attempt: null });
  });

  it('the ack lookup reads the columns: the attempt in the trace comes from the column, not the key', async () => {
    const s = await notifiedScenario(t.db);
    // A key that says nothing: only the columns tell the pipeline what this send was.
    await t.db
      .update(whatsappCommands)
      .set({ idempotencyKey: 'opaque', attempt: 7, payload: { chatId: s.group.waId, body: 'aviso' } })
      .where(eq(whatsappCommands.id, s.commandId));
    const sent = await simulateSentMessage(t.db, s.commandId, 0);
    await t.db.update(whatsappMessages).set({ ack: 1 }).where(eq(whatsappMessages.id, sent.id));
    expect(
      await handleOutgoingAcks(t.db, { sessionId: s.session.id, protocolIds: [sent.protocolId] }),
    ).toEqual([s.request.id]);
    const notified = await getRequest(t.db, s.request.id);
    expect(notified.status).toBe('notified');
    expect(notified.trace.at(-1)?.note).toContain('(intento 7)');
  });

  it('a send without the purpose columns moves no request, whatever its payload says', async () => {
    const s = await notifiedScenario(t.db);
    await t.db
      .update(whatsappCommands)
      .set({ purpose: null, requestId: null, attempt: null })
      .where(eq(whatsappCommands.id, s.commandId));
    const sent = await simulateSentMessage(t.db, s.commandId, 2);
    expect(
      await handleOutgoingAcks(t.db, { sessionId: s.session.id, protocolIds: [sent.protocolId] }),
    ).toEqual([]);
    expect(await handleSendResult(t.db, { commandId: s.commandId, ok: false, error: 'x' })).toBeNull();
    expect((await getRequest(t.db, s.request.id)).status).toBe('matched');
  });

  it('a request deleted takes its notification commands with it (a real foreign key)', async () => {
    const s = await notifiedScenario(t.db);
    await t.sql`delete from whatsapp_reservation_requests where id = ${s.request.id}`;
    expect(await t.db.select().from(whatsappCommands).where(eq(whatsappCommands.id, s.commandId))).toEqual(
      [],
    );
  });
});

describe('the command_purpose_data migration', () => {
  let t: TestDb;
  let partial: string;
  beforeAll(async () => {
    t = await createTestDb({ migrated: false });
    // The migrations up to (not including) the back-fill, as a database deployed before it had them.
    partial = mkdtempSync(path.join(tmpdir(), 'tuki-migrations-'));
    cpSync(MIGRATIONS_FOLDER, partial, { recursive: true });
    const journalPath = path.join(partial, 'meta', '_journal.json');
    const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] };
    const at = journal.entries.findIndex((e) => e.tag.endsWith('_command_purpose_data'));
    expect(at).toBeGreaterThan(0);
    writeFileSync(journalPath, JSON.stringify({ ...journal, entries: journal.entries.slice(0, at) }));
  });
  afterAll(async () => {
    rmSync(partial, { recursive: true, force: true });
    await t.drop();
  });

  it('maps old rows from payload.purpose and the idempotency key onto the columns', async () => {
    await runMigrations(t.url, partial);
    const [session] = await t.sql<{ id: number }[]>`
      insert into whatsapp_sessions (name) values ('default') returning id::int`;
    const [chat] = await t.sql<{ id: number }[]>`
      insert into whatsapp_chats (session_id, wa_id, is_group) values (${session!.id}, '56971234567@c.us', false)
      returning id::int`;
    const [message] = await t.sql<{ id: number }[]>`
      insert into whatsapp_messages (session_id, chat_id, protocol_id, from_me, serialized_id, timestamp)
      values (${session!.id}, ${chat!.id}, 'P1', false, 'x', now()) returning id::int`;
    const [request] = await t.sql<{ id: number }[]>`
      insert into whatsapp_reservation_requests (session_id, message_id, code, status, notify_attempts)
      values (${session!.id}, ${message!.id}, 'TK-1', 'matched', 3) returning id::int`;
    const old = async (key: string, purpose: object | null) => {
      const payload = { chatId: '120363000000000001@g.us', body: 'aviso', ...(purpose ? { purpose } : {}) };
      const [row] = await t.sql<{ id: number }[]>`
        insert into whatsapp_commands (session_id, kind, payload, idempotency_key)
        values (${session!.id}, 'send_message', ${JSON.stringify(payload)}::jsonb, ${key}) returning id::int`;
      return row!.id;
    };
    const rid = request!.id;
    const notify = await old(`request:${rid}:notify:3`, { type: 'reservation_request', requestId: rid });
    const reply = await old(`request:${rid}:reply`, { type: 'request_reply', requestId: rid });
    const gone = await old('request:999999:notify:1', { type: 'reservation_request', requestId: 999999 });
    const plain = await old('api-1', null);

    await runMigrations(t.url);
    const rows = await t.sql<
      { id: number; purpose: string | null; request_id: number | null; attempt: number | null }[]
    >`
      select id::int, purpose::text, request_id::int, attempt from whatsapp_commands order by id`;
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(notify)).toMatchObject({ purpose: 'reservation_request', request_id: rid, attempt: 3 });
    expect(byId.get(reply)).toMatchObject({ purpose: 'request_reply', request_id: rid, attempt: null });
    // A command whose request is gone, and an API send, have no purpose.
    expect(byId.get(gone)).toMatchObject({ purpose: null, request_id: null, attempt: null });
    expect(byId.get(plain)).toMatchObject({ purpose: null, request_id: null, attempt: null });
  });
});
