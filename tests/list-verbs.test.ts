import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Invalid } from '../lib/errors';
import { listOperators } from '../lib/operators/list-operators';
import { encodeCursor } from '../lib/pagination/cursor';
import { listExperiences } from '../lib/platform/list-experiences';
import { listDeliveries } from '../lib/webhooks/deliveries';
import { createWebhookEndpoint } from '../lib/webhooks/endpoints';
import { enqueueWebhookEvent } from '../lib/webhooks/enqueue';
import { listChats } from '../lib/whatsapp/list-chats';
import { listMessages } from '../lib/whatsapp/list-messages';
import { createTestDb, type TestDb } from './support/db';
import {
  createBinding,
  createChat,
  createExperience,
  createGroup,
  createMessage,
  createOperator,
  createOrganizer,
  createSession,
} from './support/factories';

/** Walks every page of a list verb and returns all items, checking no page is larger than asked. */
async function all<T>(
  fetch: (cursor?: string) => Promise<{ items: T[]; nextCursor: string | null }>,
  limit: number,
) {
  const items: T[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 100; pages++) {
    const page = await fetch(cursor);
    expect(page.items.length).toBeLessThanOrEqual(limit);
    items.push(...page.items);
    if (!page.nextCursor) return items;
    cursor = page.nextCursor;
  }
  throw new Error('pagination did not end');
}

describe('list verbs (shared by the API and the dashboard)', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(() => t.drop());

  it('pages experiences with equal titles without skipping or repeating, each with its resolved group', async () => {
    const session = await createSession(t.db);
    const group = await createGroup(t.db, { sessionId: session.id, name: 'Operadores Pucón' });
    const organizer = await createOrganizer(t.db, { name: 'Pucón Tours' });
    const operator = await createOperator(t.db, { organizerId: organizer.id, defaultGroupChatId: group.id });
    const ids: number[] = [];
    for (let i = 0; i < 5; i++)
      ids.push(
        (
          await createExperience(t.db, {
            organizerId: organizer.id,
            operatorId: operator.id,
            title: 'Rafting',
          })
        ).id,
      );
    const override = await createGroup(t.db, { sessionId: session.id, name: 'Rafting VIP' });
    await createBinding(t.db, { experienceId: ids[2]!, chatId: override.id, isOverride: true });

    const items = await all((cursor) => listExperiences(t.db, { q: 'rafting', limit: 2, cursor }), 2);
    expect(items.map((e) => e.id)).toEqual(ids);
    expect(items[0]).toMatchObject({
      organizer: { name: 'Pucón Tours' },
      operator: { id: operator.id },
      group: { chatId: group.id, source: 'operator_default', name: 'Operadores Pucón' },
    });
    expect(items[2]!.group).toMatchObject({ chatId: override.id, source: 'override' });
    const byOrganizerName = await listExperiences(t.db, { q: 'pucón' });
    expect(byOrganizerName.items).toHaveLength(5);
  });

  it('pages operators alphabetically and counts who follows the default group', async () => {
    const group = await createGroup(t.db, { sessionId: (await createSession(t.db)).id, weAreMember: false });
    const operator = await createOperator(t.db, { name: 'Andes Sur', defaultGroupChatId: group.id });
    await createExperience(t.db, { operatorId: operator.id });
    const overridden = await createExperience(t.db, { operatorId: operator.id });
    await createBinding(t.db, { experienceId: overridden.id, chatId: group.id, isOverride: true });
    for (let i = 0; i < 3; i++) await createOperator(t.db, { name: 'Andes Sur' });
    const items = await all((cursor) => listOperators(t.db, { q: 'andes sur', limit: 2, cursor }), 2);
    expect(items).toHaveLength(4);
    expect(new Set(items.map((o) => o.id)).size).toBe(4);
    expect(items.find((o) => o.id === operator.id)).toMatchObject({
      experienceCount: 2,
      overriddenCount: 1,
      followingDefaultCount: 1,
      defaultGroup: { chatId: group.id, warning: { code: 'not_member' } },
    });
  });

  it('pages messages with equal timestamps newest first, by id', async () => {
    const session = await createSession(t.db);
    const chat = await createChat(t.db, { sessionId: session.id });
    const at = new Date('2026-03-01T12:00:00.123456Z');
    const ids: number[] = [];
    for (let i = 0; i < 5; i++)
      ids.push((await createMessage(t.db, { sessionId: session.id, chatId: chat.id, timestamp: at })).id);
    const items = await all((cursor) => listMessages(t.db, { chatId: chat.id, limit: 2, cursor }), 2);
    expect(items.map((m) => m.id)).toEqual([...ids].reverse());
  });

  it('orders chats by name with unnamed chats by their WhatsApp id, and searches numbers', async () => {
    const session = await createSession(t.db);
    await createChat(t.db, { sessionId: session.id, name: null, waId: '56955550000@c.us' });
    await createChat(t.db, { sessionId: session.id, name: 'Beatriz' });
    await createChat(t.db, { sessionId: session.id, name: 'alberto' });
    const items = await all(
      (cursor) => listChats(t.db, { sessionId: session.id, order: 'name', limit: 1, cursor }),
      1,
    );
    expect(items.map((c) => c.name ?? c.waId)).toEqual(['56955550000@c.us', 'alberto', 'Beatriz']);
    expect(items[0]!.phone).toBe('+56955550000');
    const found = await listChats(t.db, { sessionId: session.id, q: '5555' });
    expect(found.items).toHaveLength(1);
  });

  it('pages deliveries newest first', async () => {
    await createWebhookEndpoint(
      t.db,
      { url: 'https://example.com/x', events: ['session.status'] },
      { type: 'system' },
    );
    for (let i = 0; i < 5; i++) await enqueueWebhookEvent(t.db, 'session.status', { i });
    const items = await all((cursor) => listDeliveries(t.db, { limit: 2, cursor }), 2);
    expect(items).toHaveLength(5);
    expect(items.map((d) => d.id)).toEqual([...items.map((d) => d.id)].sort((a, b) => b - a));
  });

  it('refuses cursors it did not issue', async () => {
    const session = await createSession(t.db);
    for (const cursor of [
      'nonsense',
      encodeCursor({ k: null, id: 1 }).slice(0, 5),
      Buffer.from('{"k":1}').toString('base64url'),
    ])
      await expect(listChats(t.db, { sessionId: session.id, cursor })).rejects.toBeInstanceOf(Invalid);
  });
});
