import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { whatsappContacts } from '../lib/db/schema';
import { getRequest } from '../lib/reservations/list-requests';
import { processStoredMessages } from '../lib/reservations/process-messages';
import { chatLabel, personLabel } from '../lib/reservations/trace-labels';
import { createTestDb, type TestDb } from './support/db';
import { createMessage } from './support/factories';
import { notifiedScenario } from './support/pipeline';

/** The request trace is read by admins in Spanish: names and phones, no WhatsApp ids, no internal words. */
describe('request trace wording', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(() => t.drop());

  it('names the group source in Spanish and the answering operator by name and phone', async () => {
    const s = await notifiedScenario(t.db, { group: 'override' });
    await t.db.insert(whatsappContacts).values({
      sessionId: s.session.id,
      wid: '56961234501@c.us',
      phone: '56961234501',
      pushName: 'Pedro Soto',
    });
    const answer = await createMessage(t.db, {
      sessionId: s.session.id,
      chatId: s.group.id,
      body: `${s.reservation.code} confirmo`,
      senderWid: '56961234501@c.us',
    });
    await processStoredMessages(t.db, { sessionId: s.session.id, messageIds: [answer.id] });

    const { status, trace } = await getRequest(t.db, s.request.id);
    expect(status).toBe('confirmed');
    const notes = trace.map((e) => e.note ?? '').join('\n');
    expect(notes).toContain('«Reservas Kayak Sur» (personalizado)');
    expect(trace.at(-1)?.note).toBe('Confirmada por Pedro Soto (+56961234501) en «Reservas Kayak Sur».');
    expect(notes).not.toMatch(/@c\.us|@g\.us|@lid|override|operator_default/);
  });

  it('falls back to the phone, or to words, when a name is missing', () => {
    expect(personLabel(null, '56961234501@c.us')).toBe('+56961234501');
    expect(personLabel('Pedro', '123456789@lid')).toBe('Pedro');
    expect(personLabel(null, '123456789@lid')).toBe('un participante sin nombre');
    expect(chatLabel({ name: null, waId: '120363000000000001@g.us' })).toBe('«sin nombre»');
    expect(chatLabel({ name: null, waId: '56961234501@c.us' })).toBe('+56961234501');
  });
});
