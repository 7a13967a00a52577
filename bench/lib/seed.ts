import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Sql } from '../../lib/db';

/**
 * The large dataset of the API benchmark, loaded with COPY (several times faster than INSERT): at scale 1,
 * 100,000 chats (2,000 of them groups), 1,000,000 messages, 5,000 experiences with their organizers,
 * operators and group bindings. Ids are given explicitly (COPY writes identity columns as given), so the
 * generator knows every foreign key without reading anything back. One chat ("the busy chat") holds 2 % of
 * all messages, so its history page is read from a deep index range.
 */
export interface SeedCounts {
  chats: number;
  groups: number;
  messages: number;
  organizers: number;
  experiences: number;
}

export function countsFor(scale: number): SeedCounts {
  const n = (full: number, min: number) => Math.max(min, Math.round(full * scale));
  return {
    chats: n(100_000, 100),
    groups: n(2_000, 10),
    messages: n(1_000_000, 1_000),
    organizers: n(500, 5),
    experiences: n(5_000, 50),
  };
}

const ROWS_PER_CHUNK = 2000;

/** Rows as COPY's text format (tab-separated, \N for null); values here never contain tabs or newlines. */
async function copy(
  sql: Sql,
  table: string,
  columns: string[],
  rows: () => Iterable<(string | number | boolean | null)[]>,
) {
  const writable = await sql.unsafe(`copy ${table} (${columns.join(', ')}) from stdin`).writable();
  function* chunks() {
    let lines: string[] = [];
    for (const row of rows()) {
      lines.push(row.map((v) => (v === null ? '\\N' : String(v))).join('\t'));
      if (lines.length >= ROWS_PER_CHUNK) {
        yield `${lines.join('\n')}\n`;
        lines = [];
      }
    }
    if (lines.length > 0) yield `${lines.join('\n')}\n`;
  }
  await pipeline(Readable.from(chunks()), writable);
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');
/** Every GROUP_EVERY-th chat is a group, so groups are spread through the list like real ones. */
const chatWaId = (id: number, isGroup: boolean) =>
  isGroup ? `120363${pad(id, 12)}@g.us` : `569${pad(id, 8)}@c.us`;

export interface Seeded {
  sessionId: number;
  busyChatId: number;
  counts: SeedCounts;
  seconds: number;
}

/** The busy chat's smallest history: four pages of 50. */
const BUSY_CHAT_MIN = 200;

export async function seedLargeDataset(sql: Sql, scale: number): Promise<Seeded> {
  const started = performance.now();
  const counts = countsFor(scale);
  const [session] = await sql<{ id: number }[]>`
    insert into whatsapp_sessions (name, status, me_wid, me_phone, push_name, heartbeat_at)
    values ('default', 'ready', '56900000000@c.us', '56900000000', 'Tuki', now())
    on conflict (name) do update set status = 'ready' returning id::int8 as id`;
  const sessionId = Number(session!.id);
  const groupEvery = Math.floor(counts.chats / counts.groups);
  const isGroup = (chat: number) => chat % groupEvery === 0 && chat / groupEvery <= counts.groups;
  const busyChatId = 1;
  // 2% of the messages, but never less than a few pages: the history bench reads pages of 50, and the
  // scaling table compares them across sizes (at 1,000 messages 2% was a 20-row page, not comparable).
  const busyShare = Math.min(counts.messages, Math.max(Math.round(counts.messages * 0.02), BUSY_CHAT_MIN));
  const spanMs = 30 * 86_400_000;
  const start = Date.now() - spanMs;
  const chatOf = (j: number) => (j < busyShare ? busyChatId : 2 + (j % (counts.chats - 1)));
  // Messages are generated oldest first, so a chat's last message is the last j that maps to it.
  const timeOf = (j: number) => start + Math.floor((j * spanMs) / counts.messages);
  const lastAt = new Float64Array(counts.chats + 1);
  for (let j = 0; j < counts.messages; j++) lastAt[chatOf(j)] = timeOf(j);

  await copy(
    sql,
    'whatsapp_chats',
    [
      'id',
      'session_id',
      'wa_id',
      'is_group',
      'name',
      'unread_count',
      'last_message_at',
      'wa_timestamp',
      'participant_count',
    ],
    function* () {
      for (let c = 1; c <= counts.chats; c++) {
        const group = isGroup(c);
        const last = lastAt[c] ? new Date(lastAt[c]!).toISOString() : null;
        yield [
          c,
          sessionId,
          chatWaId(c, group),
          group,
          group ? `Grupo ${c}` : `Contacto ${c}`,
          c % 7,
          last,
          last,
          group ? 12 : 0,
        ];
      }
    },
  );

  const now = new Date().toISOString();
  await copy(
    sql,
    'whatsapp_messages',
    [
      'id',
      'session_id',
      'chat_id',
      'protocol_id',
      'from_me',
      'serialized_id',
      'sender_wid',
      'body',
      'type',
      'timestamp',
      'ack',
      'source',
      'processed_at',
    ],
    function* () {
      for (let j = 0; j < counts.messages; j++) {
        const chat = chatOf(j);
        const wa = chatWaId(chat, isGroup(chat));
        const fromMe = j % 3 === 0;
        const protocolId = `B${j.toString(16).toUpperCase().padStart(15, '0')}`;
        const sender = fromMe ? '56900000000@c.us' : isGroup(chat) ? `569${pad(j % 99_999_999, 8)}@c.us` : wa;
        const body = `Hola, consulto por la experiencia ${j % 5000} para ${1 + (j % 8)} personas el sábado ${j}`;
        yield [
          j + 1,
          sessionId,
          chat,
          protocolId,
          fromMe,
          `${fromMe}_${wa}_${protocolId}`,
          sender,
          body,
          'chat',
          new Date(timeOf(j)).toISOString(),
          fromMe ? 3 : 0,
          'live',
          now,
        ];
      }
    },
  );

  await copy(sql, 'organizers', ['id', 'external_id', 'name', 'email'], function* () {
    for (let o = 1; o <= counts.organizers; o++)
      yield [o, `org-${o}`, `Organizador ${o}`, `org${o}@tuki.test`];
  });
  // One operator per organizer; every second one has a default group.
  await copy(
    sql,
    'tour_operators',
    ['id', 'organizer_id', 'name', 'default_group_chat_id', 'is_system_created'],
    function* () {
      for (let o = 1; o <= counts.organizers; o++)
        yield [o, o, `Operador ${o}`, o % 2 === 0 ? groupEvery * (1 + (o % counts.groups)) : null, true];
    },
  );
  await copy(
    sql,
    'experiences',
    ['id', 'external_id', 'organizer_id', 'operator_id', 'title', 'status'],
    function* () {
      for (let e = 1; e <= counts.experiences; e++) {
        const organizer = 1 + (e % counts.organizers);
        yield [e, `exp-${e}`, organizer, organizer, `Experiencia ${pad(e, 5)} en el valle`, 'published'];
      }
    },
  );
  // Every tenth experience has its own group (an override).
  await copy(
    sql,
    'experience_group_bindings',
    ['id', 'experience_id', 'chat_id', 'is_override', 'created_by'],
    function* () {
      let id = 0;
      for (let e = 10; e <= counts.experiences; e += 10)
        yield [++id, e, groupEvery * (1 + (e % counts.groups)), true, 'bench'];
    },
  );

  for (const table of [
    'whatsapp_chats',
    'whatsapp_messages',
    'organizers',
    'tour_operators',
    'experiences',
    'experience_group_bindings',
  ]) {
    await sql.unsafe(
      `select setval(pg_get_serial_sequence('${table}', 'id'), (select max(id) from ${table}))`,
    );
  }
  await sql`analyze`;
  return { sessionId, busyChatId, counts, seconds: (performance.now() - started) / 1000 };
}
