import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgEnum, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, fk, idColumn, tsz, updatedAt } from './columns';

export const userRole = pgEnum('user_role', ['superadmin', 'viewer']);
export const apiKeyScope = pgEnum('api_key_scope', ['read', 'write']);

export const users = pgTable(
  'users',
  {
    id: idColumn(),
    email: text('email').notNull(),
    name: text('name'),
    passwordHash: text('password_hash').notNull(),
    role: userRole('role').notNull().default('viewer'),
    locale: text('locale').notNull().default('es'),
    disabled: boolean('disabled').notNull().default(false),
    /**
     * Carried in every session token; bumping it ends all of the person's sessions at their next request
     * (password change or reset, disable, demotion, sign-out).
     */
    sessionVersion: integer('session_version').notNull().default(0),
    lastLoginAt: tsz('last_login_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('users_email_lower_uq').on(sql`lower(${t.email})`)],
);

export const apiKeys = pgTable('api_keys', {
  id: idColumn(),
  name: text('name').notNull(),
  /** First characters of the key, shown in the dashboard so a person can tell keys apart. */
  prefix: text('prefix').notNull(),
  keyHash: text('key_hash').notNull().unique(),
  scope: apiKeyScope('scope').notNull(),
  createdBy: fk('created_by').references(() => users.id, { onDelete: 'set null' }),
  lastUsedAt: tsz('last_used_at'),
  revokedAt: tsz('revoked_at'),
  /** Null: never expires. */
  expiresAt: tsz('expires_at'),
  createdAt: createdAt(),
});

/** Fixed-window counters shared by every web replica (sign-in attempts, API keys). */
export const rateLimits = pgTable(
  'rate_limits',
  {
    key: text('key').primaryKey(),
    windowStart: tsz('window_start').notNull(),
    count: integer('count').notNull().default(0),
    updatedAt: updatedAt(),
  },
  (t) => [index('rate_limits_window_idx').on(t.windowStart)],
);
