import type { Config } from '../lib/config';
import type { Db, Sql } from '../lib/db';
import type { Logger } from '../lib/log';
import { updateSession } from '../lib/whatsapp/sessions/state';
import {
  alignChatTimestamps,
  chatsWithGaps,
  groupChatIds,
  upsertChats,
  upsertContacts,
} from '../lib/whatsapp/sync-chats';
import type { DomainHooks } from './hooks';
import type { IngestBuffer } from './ingest/ingest-buffer';
import { groupParticipantsByPhone, type LidCache, mergeLidChats, mergeStoredLidChats } from './lid-chats';
import { syncStepFailures } from './metrics/ingest-metrics';
import type { WhatsAppDriver } from './whatsapp/port';

interface SyncDeps {
  db: Db;
  sql: Sql;
  config: Config;
  log: Logger;
  sessionId: number;
  hooks: DomainHooks;
  driver: WhatsAppDriver;
  buffer: IngestBuffer;
  lids: LidCache;
}

/**
 * On every `ready` (and on command): upsert chats, groups with participants, and contacts; then catch up.
 * WhatsApp does not replay what arrived while we were offline, so every chat whose WhatsApp timestamp is
 * newer than our newest stored message gets `fetchMessages` for the gap, stored with source `backfill`.
 */
export async function syncAndCatchUp(d: SyncDeps): Promise<{ chats: number; backfilled: number }> {
  const started = Date.now();
  const me = await d.driver.getMe();
  const chats = await mergeLidChats(d.driver, await d.driver.getChats(), d.lids);
  await upsertChats(d.sql, d.sessionId, chats, me?.wid ?? null);
  let contacts = 0;
  const failed: string[] = [];
  // A failing step must neither abort the catch-up nor vanish: it is logged, counted and shown on the session.
  const step = async (name: string, fn: () => Promise<void>) => {
    try {
      await fn();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      d.log.error({ step: name, err: message }, 'sync step failed; continuing');
      syncStepFailures.inc({ step: name.split(' ')[0] });
      failed.push(`${name}: ${message}`);
    }
  };
  await step('contacts', async () => {
    const list = await d.driver.getContacts();
    await upsertContacts(d.sql, d.sessionId, list);
    contacts = list.length;
  });
  await step('group flags', async () => {
    await d.hooks.onGroupsChanged(d.db, await groupChatIds(d.sql, d.sessionId));
  });
  // Before the catch-up, so a stored `@lid` twin is not fetched again on every sync.
  await step('lid chats', async () => {
    if ((await mergeStoredLidChats(d.driver, d.sql, d.sessionId, d.lids)) > 0) d.buffer.forgetChatIds();
  });

  let backfilled = 0;
  // Status broadcasts are not stored, so their newest message would look missing on every sync.
  const newest = chats.flatMap((c) =>
    c.lastMessageId && c.id !== 'status@broadcast' ? [{ chatId: c.id, messageId: c.lastMessageId }] : [],
  );
  async function catchUpChat(gap: { waId: string; lastMessageAt: string | null }) {
    const since = gap.lastMessageAt ? Date.parse(gap.lastMessageAt) / 1000 : 0;
    // Grow the window until it reaches back to what we already have (or the configured ceiling).
    let limit = 50;
    let messages = await d.driver.fetchMessages(gap.waId, { limit });
    while (
      messages.length === limit &&
      limit < d.config.BACKFILL_MAX_PER_CHAT &&
      (messages[0]?.timestamp ?? 0) > since
    ) {
      limit = Math.min(limit * 4, d.config.BACKFILL_MAX_PER_CHAT);
      messages = await d.driver.fetchMessages(gap.waId, { limit });
    }
    for (const message of messages) {
      // Same-second messages are kept (>=): the database drops the ones we already have. Older ones go too,
      // as history: the copy we have gets any edit or revoke made while we were offline.
      const source = message.timestamp < since ? 'history' : 'backfill';
      d.buffer.push({ kind: 'message', message, source });
      if (source === 'backfill') backfilled++;
    }
  }
  for (const gap of await chatsWithGaps(d.sql, d.sessionId, newest)) {
    await step(`catch-up ${gap.waId}`, () => catchUpChat(gap));
  }
  await d.buffer.drain(60_000);
  await alignChatTimestamps(d.sql, d.sessionId);
  if (failed.length > 0) {
    await updateSession(d.db, d.sessionId, {
      lastError: `Sync incomplete (${failed.length} step(s) failed): ${failed.join('; ').slice(0, 900)}`,
    });
  }
  d.log.info(
    { chats: chats.length, contacts, backfilled, failed: failed.length, ms: Date.now() - started },
    'sync done',
  );
  return { chats: chats.length, backfilled };
}

/**
 * A group join/leave/update: refresh that group only. A full sync would run getChats, which refreshes every
 * group's metadata in one page evaluate: on a large account, on every participant change.
 */
export async function syncGroup(d: Omit<SyncDeps, 'buffer'>, chatId: string): Promise<void> {
  const found = await d.driver.getChat(chatId);
  if (!found?.isGroup) return;
  const [chat] = await groupParticipantsByPhone(d.driver, [found], d.lids);
  const me = await d.driver.getMe();
  await upsertChats(d.sql, d.sessionId, [chat!], me?.wid ?? null);
  await d.hooks.onGroupsChanged(d.db, await groupChatIds(d.sql, d.sessionId, [chatId]));
}
