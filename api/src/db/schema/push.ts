import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, smallint, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, instant } from './helpers.js';
import { users } from './users.js';

/**
 * A browser's push subscription (one per device and browser): where the push service takes messages
 * for it, and the keys its payloads are encrypted to (RFC 8291). An endpoint belongs to one person at
 * a time: the same browser subscribing for someone else moves it to them.
 */
export const pushSubscriptions = pgTable(
  'push_subscriptions',
  {
    id: id(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    endpoint: text().notNull().unique(),
    /** The browser's P-256 public key, base64url (the `p256dh` of PushSubscription.toJSON()). */
    p256dh: text().notNull(),
    /** The browser's authentication secret, base64url. */
    auth: text().notNull(),
    createdAt: createdAt(),
    lastSuccessAt: instant(),
    lastFailureAt: instant(),
    /** Failures since the last success: what a push service answered, for the operator. */
    failureCount: integer().notNull().default(0),
    lastError: text(),
  },
  (table) => [index().on(table.userId)],
);

/**
 * The VAPID key pair (RFC 8292) when the environment gives none (the embedded database and
 * development): generated once and kept with the data, so subscriptions survive a restart and every
 * instance on one database signs with the same key. One row at most.
 */
export const vapidKeys = pgTable(
  'vapid_keys',
  {
    id: smallint().primaryKey().default(1),
    publicKey: text().notNull(),
    privateKey: text().notNull(),
    createdAt: createdAt(),
  },
  (table) => [check('vapid_keys_single_row', sql`${table.id} = 1`)],
);

export type PushSubscriptionRow = typeof pushSubscriptions.$inferSelect;
