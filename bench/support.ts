import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import { type EmbeddedDb, startEmbeddedPostgres } from '../lib/db/embedded';
import { runMigrations } from '../lib/db/migrate';
import type { MessageDto } from '../lib/whatsapp/dto';
import { databaseUrl } from '../tests/support/urls';

/**
 * A fresh, migrated database for one benchmark run: on TEST_DATABASE_URL / DATABASE_URL's server when set,
 * else on an embedded PostgreSQL. Dropped afterwards.
 */
export async function benchDatabase(name: string) {
  let embedded: EmbeddedDb | undefined;
  let server = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
  if (!server) {
    embedded = await startEmbeddedPostgres({ dataDir: path.resolve('.data/bench'), port: 54369 });
    server = embedded.adminUrl;
  }
  const database = `tuki_bench_${name}_${process.pid}`;
  const admin = postgres(server, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${database} with (force)`);
  await admin.unsafe(`create database ${database}`);
  const url = databaseUrl(server, database);
  await runMigrations(url);
  return {
    url,
    async drop() {
      await admin.unsafe(`drop database if exists ${database} with (force)`);
      await admin.end();
      await embedded?.stop();
    },
  };
}

export function argNumber(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  if (index === -1) return fallback;
  const value = Number(process.argv[index + 1]);
  if (!Number.isInteger(value) || value <= 0) {
    console.error(`--${name} must be a positive whole number`);
    process.exit(2);
  }
  return value;
}

export function writeResult(file: string, result: Record<string, unknown>): void {
  mkdirSync(path.resolve('bench/results'), { recursive: true });
  writeFileSync(path.resolve('bench/results', file), `${JSON.stringify(result, null, 2)}\n`);
}

export function table(rows: [string, string][]): void {
  const width = Math.max(...rows.map(([k]) => k.length));
  for (const [k, v] of rows) console.log(`  ${k.padEnd(width)}  ${v}`);
}

/**
 * `count` incoming customer text messages, one second apart and ending now, spread over `chats` chats whose
 * ids are `569` + the chat's number (from `firstChat`) on eight digits. Protocol ids start with `prefix`, so
 * two calls with different prefixes never collide.
 */
export function incomingMessages(
  prefix: string,
  count: number,
  { chats, firstChat = 0 }: { chats: number; firstChat?: number },
): MessageDto[] {
  const now = Math.floor(Date.now() / 1000);
  return Array.from({ length: count }, (_, i) => {
    const chatId = `569${String(firstChat + (i % chats)).padStart(8, '0')}@c.us`;
    const protocolId = `${prefix}${i.toString(16).toUpperCase().padStart(12, '0')}`;
    return {
      protocolId,
      fromMe: false,
      serializedId: `false_${chatId}_${protocolId}`,
      chatId,
      senderWid: chatId,
      body: `Hola, consulto por la reserva RES-${(i % 9999).toString().padStart(4, '0')} para ${i % 8} personas`,
      type: 'chat',
      timestamp: now - (count - i),
      ack: 0,
      hasMedia: false,
      isForwarded: false,
      isStatus: false,
      quotedProtocolId: null,
    };
  });
}

/** A message as the raw multi-row INSERT baseline writes it: only the columns a plain insert needs. */
export function rawMessageRow(m: MessageDto, sessionId: number, chatId: number) {
  return {
    session_id: sessionId,
    chat_id: chatId,
    protocol_id: m.protocolId,
    from_me: m.fromMe,
    serialized_id: m.serializedId,
    sender_wid: m.senderWid,
    body: m.body,
    type: m.type,
    timestamp: new Date(m.timestamp * 1000).toISOString(),
    ack: m.ack,
  };
}
