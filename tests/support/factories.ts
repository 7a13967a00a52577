import type { Tx } from '../../lib/db';
import {
  experienceGroupBindings,
  experiences,
  organizers,
  reservations,
  tourOperators,
  whatsappChats,
  whatsappMessages,
  whatsappSessions,
} from '../../lib/db/schema';

/**
 * Row factories: each inserts one row with plausible defaults, takes overrides for anything a test cares
 * about, and returns the inserted row. Missing parents (an experience's organizer, a message's session) are
 * created on the fly so a test only spells out what it asserts on.
 */
let counter = 0;
const next = () => ++counter;

type Insert<T extends { $inferInsert: unknown }> = Partial<T['$inferInsert']>;

export async function createSession(db: Tx, overrides: Insert<typeof whatsappSessions> = {}) {
  const [row] = await db
    .insert(whatsappSessions)
    .values({ name: `session-${next()}`, status: 'ready', ...overrides })
    .returning();
  return row!;
}

export async function createChat(db: Tx, overrides: Insert<typeof whatsappChats> & { sessionId: number }) {
  const n = next();
  const isGroup = overrides.isGroup ?? false;
  const [row] = await db
    .insert(whatsappChats)
    .values({
      isGroup,
      waId: isGroup ? `1203630${String(n).padStart(11, '0')}@g.us` : `5699${String(n).padStart(7, '0')}@c.us`,
      name: isGroup ? `Grupo ${n}` : `Contacto ${n}`,
      ...overrides,
    })
    .returning();
  return row!;
}

export const createGroup = (db: Tx, overrides: Insert<typeof whatsappChats> & { sessionId: number }) =>
  createChat(db, { isGroup: true, ...overrides });

export async function createMessage(
  db: Tx,
  overrides: Insert<typeof whatsappMessages> & { sessionId: number; chatId: number },
) {
  const n = next();
  const protocolId = overrides.protocolId ?? `3EB0${String(n).padStart(16, '0')}`;
  const fromMe = overrides.fromMe ?? false;
  const [row] = await db
    .insert(whatsappMessages)
    .values({
      protocolId,
      fromMe,
      serializedId: `${fromMe}_chat_${protocolId}`,
      body: `mensaje ${n}`,
      timestamp: new Date(),
      ...overrides,
    })
    .returning();
  return row!;
}

export async function createOrganizer(db: Tx, overrides: Insert<typeof organizers> = {}) {
  const n = next();
  const [row] = await db
    .insert(organizers)
    .values({ externalId: `org-${n}`, name: `Organizador ${n}`, ...overrides })
    .returning();
  return row!;
}

export async function createOperator(db: Tx, overrides: Insert<typeof tourOperators> = {}) {
  const n = next();
  const [row] = await db
    .insert(tourOperators)
    .values({ name: `Operador ${n}`, phone: `+5698${String(n).padStart(7, '0')}`, ...overrides })
    .returning();
  return row!;
}

export async function createExperience(db: Tx, overrides: Insert<typeof experiences> = {}) {
  const n = next();
  const organizerId = overrides.organizerId ?? (await createOrganizer(db)).id;
  const [row] = await db
    .insert(experiences)
    .values({ externalId: `exp-${n}`, title: `Experiencia ${n}`, organizerId, ...overrides })
    .returning();
  return row!;
}

export async function createReservation(
  db: Tx,
  overrides: Insert<typeof reservations> & { experienceId: number },
) {
  const n = next();
  const [row] = await db
    .insert(reservations)
    .values({
      code: `RES-T${String(n).padStart(5, '0')}`,
      customerName: `Cliente ${n}`,
      customerPhone: `+5697${String(n).padStart(7, '0')}`,
      date: '2026-12-20',
      partySize: 2,
      ...overrides,
    })
    .returning();
  return row!;
}

export async function createBinding(
  db: Tx,
  overrides: Insert<typeof experienceGroupBindings> & { experienceId: number; chatId: number },
) {
  const [row] = await db
    .insert(experienceGroupBindings)
    .values({ isOverride: true, ...overrides })
    .returning();
  return row!;
}
