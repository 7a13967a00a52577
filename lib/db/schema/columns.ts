import { bigint, timestamp } from 'drizzle-orm/pg-core';

/** Surrogate keys: bigint identity, read as JS numbers (safe far beyond any realistic row count). */
export const idColumn = () => bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity();
export const fk = (name: string) => bigint(name, { mode: 'number' });
export const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
export const updatedAt = () =>
  timestamp('updated_at', { withTimezone: true })
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date());
export const tsz = (name: string) => timestamp(name, { withTimezone: true });
