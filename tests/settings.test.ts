import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../lib/audit/actor';
import { auditLog, settings } from '../lib/db/schema';
import { Invalid } from '../lib/errors';
import { renderTemplate } from '../lib/settings/render-template';
import { DEFAULT_SETTINGS } from '../lib/settings/schema';
import { getSettings, updateSettings } from '../lib/settings/settings';
import { createTestDb, type TestDb } from './support/db';

const admin: Actor = { type: 'user', id: '7', label: 'ana@tuki.cl', ip: '10.0.0.1' };

describe('settings', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(() => t.drop());

  it('reads the defaults when nothing is stored', async () => {
    const current = await getSettings(t.db);
    expect(current).toEqual(DEFAULT_SETTINGS);
    expect(current.notifyAckTimeoutSeconds).toBe(120);
    expect(current.sendingPace).toEqual({ perChatMinGapMs: 3000, globalPerMinute: 20, jitterMs: 1500 });
  });

  it('stores an update, merges a partial sending pace and audits who changed what', async () => {
    const updated = await updateSettings(
      t.db,
      {
        notifyAckTimeoutSeconds: 60,
        sendingPace: { globalPerMinute: 10 },
        confirmWords: ['Confirmo', 'listo'],
      },
      admin,
    );
    expect(updated.notifyAckTimeoutSeconds).toBe(60);
    expect(updated.sendingPace).toEqual({ perChatMinGapMs: 3000, globalPerMinute: 10, jitterMs: 1500 });
    expect(updated.confirmWords).toEqual(['confirmo', 'listo']);
    expect(await getSettings(t.db)).toEqual(updated);

    const [audit] = await t.db.select().from(auditLog).where(eq(auditLog.action, 'settings.update'));
    expect(audit).toMatchObject({
      actorType: 'user',
      actorId: '7',
      actorLabel: 'ana@tuki.cl',
      ip: '10.0.0.1',
    });
    expect(audit?.details).toMatchObject({ notifyAckTimeoutSeconds: { from: 120, to: 60 } });
  });

  it.each([
    [{ codePattern: 'RES-[A-Z' }, 'Not a valid regular expression'],
    [{ codePattern: 'RES-\\d*|' }, 'matches empty text'],
    [{ codePattern: '\\b' }, 'matches empty text'],
    [{ notificationTemplate: 'Reserva {codigo}' }, '{codigo}'],
    [{ notificationTemplate: '   ' }, 'cannot be empty'],
    [{ confirmWords: [] }, 'At least one word'],
    [{ notifyAckTimeoutSeconds: 0 }, ''],
    [{ sendingPace: { globalPerMinute: -1 } }, ''],
  ])('rejects %j', async (patch, message) => {
    const error = await updateSettings(t.db, patch as never, admin).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Invalid);
    expect(JSON.stringify((error as Invalid).details)).toContain(message);
  });

  it('rejects unknown keys instead of storing them', async () => {
    await expect(updateSettings(t.db, { colour: 'red' } as never, admin)).rejects.toBeInstanceOf(Invalid);
  });

  it('falls back to the default for a stored value that no longer validates', async () => {
    await t.db.insert(settings).values({ key: 'codePattern', value: '(' });
    expect((await getSettings(t.db)).codePattern).toBe(DEFAULT_SETTINGS.codePattern);
  });

  it('accepts a custom code pattern', async () => {
    const updated = await updateSettings(t.db, { codePattern: String.raw`\bTK-\d{5}\b` }, admin);
    expect(updated.codePattern).toBe(String.raw`\bTK-\d{5}\b`);
  });
});

describe('renderTemplate', () => {
  it('fills placeholders, shows a dash for missing values and keeps unknown ones visible', () => {
    expect(
      renderTemplate('Reserva {code} el {date} para {partySize} — {nope}', {
        code: 'RES-AB12',
        date: null,
        partySize: 4,
      }),
    ).toBe('Reserva RES-AB12 el — para 4 — {nope}');
  });
});
