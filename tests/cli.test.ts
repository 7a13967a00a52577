import { spawn } from 'node:child_process';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users, whatsappCommands, whatsappMessages } from '../lib/db/schema';
import { parkMessage } from '../lib/whatsapp/parked-messages';
import { ensureSession } from '../lib/whatsapp/sessions/lease';
import { createTestDb, type TestDb } from './support/db';
import { createChat, createMessage, createOperator } from './support/factories';
import { waitFor } from './support/processes';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The CLI as a person runs it (`npm run cli -- …`), minus npm. */
function cli(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/cli.ts', ...args], {
    env: { ...process.env, DATABASE_URL: '', LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => {
    stdout += c.toString();
  });
  child.stderr.on('data', (c: Buffer) => {
    stderr += c.toString();
  });
  const done = new Promise<Run>((resolve) =>
    child.once('close', (code) => resolve({ code, stdout, stderr })),
  );
  return { done, output: () => stdout };
}

describe('cli argument validation (no database needed)', () => {
  it.each([
    [[], 'Uso: npm run cli'],
    [['borrar-todo'], 'Comando desconocido'],
    [['create-admin'], 'faltan argumentos'],
    [['create-admin', 'no-es-correo'], 'correo electrónico'],
    [['create-admin', 'a@b.cl', '--password', 'corta'], 'al menos 10 caracteres'],
    [['replay-requests', '--status', 'confirmed'], '--status debe ser notify_failed o unmatched'],
    [['sync-messages'], 'faltan argumentos'],
    [['sync-messages', 'hola'], 'id de WhatsApp'],
    [['sync-messages', '56911112222@c.us', '--limit', 'muchos'], '--limit debe ser un número'],
    [['sync-messages', '56911112222@c.us', '--limit', '0'], '--limit debe ser al menos 1'],
    [['migrate-operators', '--force'], "Unknown option '--force'"],
    [['migrate-operators', 'ahora'], 'sobran argumentos'],
  ])('%j exits non-zero and says why', async (args, message) => {
    const run = await cli(args).done;
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
  });

  it('prints help and exits 0 on --help', async () => {
    const run = await cli(['--help']).done;
    expect(run.code).toBe(0);
    for (const name of [
      'sync-chats',
      'sync-messages',
      'migrate-operators',
      'create-admin',
      'replay-requests',
    ])
      expect(run.stdout).toContain(name);
  });

  it('explains a missing DATABASE_URL instead of crashing', async () => {
    const run = await cli(['migrate-operators']).done;
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('DATABASE_URL');
  });
});

describe('cli commands against a database', () => {
  let t: TestDb;
  let env: Record<string, string>;
  beforeAll(async () => {
    t = await createTestDb();
    env = { DATABASE_URL: t.url, WA_SESSION: 'cli-test' };
  });
  afterAll(() => t.drop());

  it('migrate-operators --dry-run shows the plan and changes nothing', async () => {
    const legacy = await createOperator(t.db, { name: 'Chiloé Mágico' });
    const run = await cli(['migrate-operators', '--dry-run'], env).done;
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('crear el organizador «Chiloé Mágico»');
    expect(
      (await t.sql`select organizer_id from tour_operators where id = ${legacy.id}`)[0]?.organizer_id,
    ).toBeNull();
  });

  it('create-admin prints a generated password once and creates a superadmin', async () => {
    const run = await cli(['create-admin', 'Admin@Tuki.cl'], env).done;
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Contraseña \(se muestra una sola vez\): \S{16}/);
    const [user] = await t.db.select().from(users).where(eq(users.email, 'admin@tuki.cl'));
    expect(user?.role).toBe('superadmin');
    const again = await cli(['create-admin', 'admin@tuki.cl'], env).done;
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('Ya existe');
  });

  it('sync-messages waits for the worker, shows progress, and exits 0 when it succeeds', async () => {
    const run = cli(['sync-messages', '56911112222@c.us', '--limit', '50'], env);
    const commandId = await waitFor(
      'the queued command',
      async () =>
        (await t.db.select().from(whatsappCommands).where(eq(whatsappCommands.kind, 'sync_chat_messages')))[0]
          ?.id,
      20_000,
    );
    const [command] = await t.db.select().from(whatsappCommands).where(eq(whatsappCommands.id, commandId));
    expect(command?.payload).toEqual({ chatId: '56911112222@c.us', limit: 50 });
    // Play the worker: running with progress, then done.
    await t.db
      .update(whatsappCommands)
      .set({ status: 'running', progress: { done: 20, total: 50 } })
      .where(eq(whatsappCommands.id, commandId));
    await waitFor('progress shown', () => run.output().includes('20/50') || undefined, 20_000);
    await t.db
      .update(whatsappCommands)
      .set({ status: 'succeeded', result: { stored: 50 } })
      .where(eq(whatsappCommands.id, commandId));
    const result = await run.done;
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('"stored":50');
  });

  it('sync-chats exits non-zero when the command fails, and --no-wait only enqueues', async () => {
    const queued = await cli(['sync-chats', '--no-wait'], env).done;
    expect(queued.code).toBe(0);
    expect(queued.stdout).toMatch(/Comando #\d+ \(sync_chats\) en cola/);

    const run = cli(['sync-chats'], env);
    const commandId = await waitFor(
      'the second sync_chats command',
      async () =>
        (
          await t.db
            .select()
            .from(whatsappCommands)
            .where(eq(whatsappCommands.kind, 'sync_chats'))
            .orderBy(whatsappCommands.id)
        )[1]?.id,
      20_000,
    );
    await t.db
      .update(whatsappCommands)
      .set({ status: 'failed', error: 'sesión desconectada' })
      .where(eq(whatsappCommands.id, commandId));
    const result = await run.done;
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('sesión desconectada');
  });

  it('replay-messages lists the parked messages and hands one back to the worker', async () => {
    const session = await ensureSession(t.db, 'cli-test');
    const chat = await createChat(t.db, { sessionId: session.id, name: 'Camila Rojas' });
    const message = await createMessage(t.db, { sessionId: session.id, chatId: chat.id, body: 'TK-1' });
    await parkMessage(t.db, { messageId: message.id, error: 'settings table is unreadable' });

    const list = await cli(['replay-messages'], env).done;
    expect(list.code).toBe(0);
    expect(list.stdout).toContain(`#${message.id} Camila Rojas (1 fallo): settings table is unreadable`);

    const replay = await cli(['replay-messages', String(message.id)], env).done;
    expect(replay.code).toBe(0);
    expect(replay.stdout).toContain(`#${message.id}: en cola`);
    const [row] = await t.db.select().from(whatsappMessages).where(eq(whatsappMessages.id, message.id));
    expect(row?.parkedAt).toBeNull();
    expect((await cli(['replay-messages'], env).done).stdout).toContain('No hay mensajes detenidos.');
  });
});
