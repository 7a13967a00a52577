import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { invalidateFor } from '../components/live/invalidate';
import { keys } from '../components/query-keys';
import type { LiveEvent } from '../lib/events/notify';
import { staleKeys } from './support/query-cache';

/**
 * The dashboard's cache after visiting two WhatsApp numbers: "principal" (id 1, on screen) and "ventas" (id 2).
 * A live event must make stale exactly the screens of the number it is about.
 */
function cacheOfTwoNumbers() {
  const client = new QueryClient();
  const perNumber = (session: string) => [
    keys.session.status(session),
    keys.session.qr(session),
    keys.chats.list(session, { q: '' }),
    keys.chats.detail(session, 7),
    keys.messages.list(session, 7),
    keys.groups.list(session, { q: '' }),
    keys.overview.summary(session, 'America/Santiago'),
  ];
  for (const key of [...perNumber('principal'), ...perNumber('ventas'), keys.requests.list({})])
    client.setQueryData(key, { cached: true });
  const stale = () => staleKeys(client);
  return { client, stale };
}

const names = new Map([
  [1, 'principal'],
  [2, 'ventas'],
]);
const nameOf = (id: number) => names.get(id);

describe('live-event invalidation per WhatsApp number', () => {
  it('an event of one number never refetches the other number’s screens', () => {
    const events: LiveEvent[] = [
      { type: 'session', sessionId: 2 },
      { type: 'chats', sessionId: 2, chatIds: [7] },
      { type: 'messages', sessionId: 2, chatIds: [7] },
    ];
    for (const event of events) {
      const { client, stale } = cacheOfTwoNumbers();
      invalidateFor(client, event, nameOf);
      expect(stale().length, event.type).toBeGreaterThan(0);
      expect(
        stale().filter((key) => key[1] !== 'ventas'),
        event.type,
      ).toEqual([]);
    }
  });

  it('marks the right screens of that number stale', () => {
    const { client, stale } = cacheOfTwoNumbers();
    invalidateFor(client, { type: 'messages', sessionId: 1, chatIds: [7] }, nameOf);
    expect(stale()).toEqual(
      expect.arrayContaining([
        keys.chats.list('principal', { q: '' }),
        keys.chats.detail('principal', 7),
        keys.messages.list('principal', 7),
        keys.overview.summary('principal', 'America/Santiago'),
      ]),
    );
    expect(stale()).toHaveLength(4);
  });

  it('a number created after the page loaded still reaches the screens (its name is not known yet)', () => {
    const { client, stale } = cacheOfTwoNumbers();
    invalidateFor(client, { type: 'session', sessionId: 3 }, nameOf);
    expect(stale()).toEqual(expect.arrayContaining([keys.session.status('principal')]));
  });

  it('a number’s status change refreshes Conexión’s list of numbers, and none of the other number’s screens', () => {
    const { client, stale } = cacheOfTwoNumbers();
    client.setQueryData(keys.numbers.all, { cached: true });
    invalidateFor(client, { type: 'session', sessionId: 2 }, nameOf);
    expect(stale()).toEqual(expect.arrayContaining([keys.numbers.all, keys.session.status('ventas')]));
    expect(stale().some((key) => key.includes('principal'))).toBe(false);
  });

  it('requests belong to every number: a request event refetches the requests and every overview', () => {
    const { client, stale } = cacheOfTwoNumbers();
    invalidateFor(client, { type: 'request', requestId: 5 }, nameOf);
    expect(stale()).toEqual(
      expect.arrayContaining([
        keys.requests.list({}),
        keys.overview.summary('principal', 'America/Santiago'),
        keys.overview.summary('ventas', 'America/Santiago'),
      ]),
    );
    expect(stale()).toHaveLength(3);
  });
});
