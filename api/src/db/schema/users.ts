import { sql } from 'drizzle-orm';
import { bigserial, boolean, check, index, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { locales, roles } from '@ponte/shared';
import { createdAt, id, instant, oneOf } from './helpers.js';
import { mediators } from './mediators.js';
import { organizations } from './organizations.js';

export const users = pgTable(
  'users',
  {
    id: id(),
    email: text().notNull(),
    name: text().notNull(),
    role: text({ enum: roles }).notNull(),
    organizationId: uuid().references(() => organizations.id),
    mediatorId: uuid().references(() => mediators.id),
    passwordHash: text(),
    locale: text({ enum: locales }).notNull().default('it'),
    active: boolean().notNull().default(true),
    createdAt: createdAt(),
  },
  (table) => [
    uniqueIndex('users_email_unique').on(sql`lower(${table.email})`),
    uniqueIndex('users_mediator_unique').on(table.mediatorId),
    check('users_role_check', oneOf(table.role, roles)),
    check('users_locale_check', oneOf(table.locale, locales)),
    check('users_requester_has_organization', sql`${table.role} <> 'requester' OR ${table.organizationId} IS NOT NULL`),
    check('users_mediator_has_profile', sql`${table.role} <> 'mediator' OR ${table.mediatorId} IS NOT NULL`),
    index().on(table.organizationId),
  ],
);

export const invitations = pgTable(
  'invitations',
  {
    id: id(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    tokenHash: text().notNull().unique(),
    expiresAt: instant().notNull(),
    usedAt: instant(),
    createdAt: createdAt(),
  },
  (table) => [index().on(table.userId)],
);

/** Refresh tokens rotate on every use; a reused one revokes its whole family. */
export const refreshTokens = pgTable(
  'refresh_tokens',
  {
    id: id(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    familyId: uuid().notNull(),
    tokenHash: text().notNull().unique(),
    expiresAt: instant().notNull(),
    usedAt: instant(),
    revokedAt: instant(),
    createdAt: createdAt(),
  },
  (table) => [index().on(table.familyId), index().on(table.userId)],
);

/** Failed sign-ins, by account and by address, counted over a sliding window. */
export const loginFailures = pgTable(
  'login_failures',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    key: text().notNull(),
    at: instant().notNull().defaultNow(),
  },
  (table) => [index().on(table.key, table.at)],
);
