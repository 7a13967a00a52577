import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createUserWithCookie, errorOf, useTestDbForRoutes } from './support/api';
import { createTestDb, type TestDb } from './support/db';

/** Spanish gives itself away by its letters and a few words no English error message uses. */
const SPANISH = /[áéíóúñ¿¡]|\b(no existe|solicitud|grupo|datos|válid|usuario|correo|debe)\b/i;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === 'i18n' ? [] : sourceFiles(full);
    return /\.tsx?$/.test(name) ? [full] : [];
  });
}

/** The first string argument of every typed error and every `parseInput(…, message)` in the API's code. */
function thrownMessages(): { file: string; message: string }[] {
  const found: { file: string; message: string }[] = [];
  const thrown =
    /new (?:NotFound|Conflict|Invalid|Forbidden|Unauthorized|RateLimited|BadRequest|DomainError)\(\s*(?:'[a-z_]+',\s*)?([`'"])((?:(?!\1).)*)\1/gs;
  const parsed = /parseInput\([^;]*?,\s*([`'"])((?:(?!\1).)*)\1\s*,?\s*\)/gs;
  const zod = /\.(?:min|max|regex|refine|email|url)\([^;]*?([`'"])((?:(?!\1)[^\n])*)\1/g;
  for (const file of [...sourceFiles('lib'), ...sourceFiles('app/api')]) {
    const text = readFileSync(file, 'utf8');
    for (const re of [thrown, parsed, zod])
      for (const match of text.matchAll(re)) found.push({ file, message: match[2]! });
  }
  return found;
}

describe('API errors speak English with stable codes', () => {
  let t: TestDb;
  let admin: Awaited<ReturnType<typeof createUserWithCookie>>;
  beforeAll(async () => {
    t = await createTestDb();
    useTestDbForRoutes(t);
    admin = await createUserWithCookie(t.db, 'superadmin');
  });
  afterAll(() => t.drop());

  it('no thrown error message in lib/ or app/api is Spanish', () => {
    const messages = thrownMessages();
    // The scan finds the messages at all (a broken pattern would pass vacuously).
    expect(messages.length).toBeGreaterThan(60);
    expect(messages.map((m) => m.message)).toContain('Invalid pagination cursor.');
    expect(messages.filter((m) => SPANISH.test(m.message))).toEqual([]);
  });

  it('409: a second user with the same email is a conflict, in English, with reason email_taken', async () => {
    const res = await call('POST', '/api/v1/superadmin/users/', {
      cookie: admin.cookie,
      body: { email: admin.user.email, role: 'viewer' },
    });
    expect(res.status).toBe(409);
    const { error } = await errorOf(res);
    expect(error).toMatchObject({ code: 'conflict', details: { reason: 'email_taken' } });
    expect(error.message).toBe(`A user with the email ${admin.user.email} already exists.`);
  });

  it('422: field errors of a settings change are English, per field', async () => {
    const res = await call('PATCH', '/api/v1/superadmin/settings/', {
      cookie: admin.cookie,
      body: { notificationTemplate: 'Reserva {codigo}', confirmWords: [] },
    });
    expect(res.status).toBe(422);
    const { error } = await errorOf(res);
    expect(error.code).toBe('invalid');
    expect(error.message).toBe('Invalid request body.');
    const { fieldErrors } = error.details as { fieldErrors: Record<string, string[]> };
    expect(fieldErrors.notificationTemplate).toEqual(['Unknown placeholders: {codigo}.']);
    expect(fieldErrors.confirmWords).toEqual(['At least one word is needed.']);
  });

  it('404 and 403 name the case in English, and a viewer change carries reason read_only_account', async () => {
    const missing = await call('POST', '/api/v1/superadmin/whatsapp/reservation-requests/999999/replay/', {
      cookie: admin.cookie,
    });
    expect(missing.status).toBe(404);
    expect((await errorOf(missing)).error).toMatchObject({
      code: 'not_found',
      message: 'No reservation request 999999.',
    });
    const viewer = await createUserWithCookie(t.db, 'viewer');
    const refused = await call('PATCH', '/api/v1/superadmin/settings/', {
      cookie: viewer.cookie,
      body: { notifyAckTimeoutSeconds: 30 },
    });
    expect(refused.status).toBe(403);
    expect((await errorOf(refused)).error).toMatchObject({
      code: 'forbidden',
      message: 'Your account can only read; ask a superadmin for this change.',
      details: { reason: 'read_only_account' },
    });
  });
});
