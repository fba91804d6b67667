import { sql } from 'drizzle-orm';
import { bigserial, check, index, integer, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, instant, oneOf } from './helpers.js';
import { requests } from './requests.js';
import { users } from './users.js';

/** The emails Ponte sends; each is rendered from current data when it is sent (realtime/mail/). */
export const notificationKinds = ['offer', 'assigned', 'cancelled', 'unfilled'] as const;
export type NotificationKind = (typeof notificationKinds)[number];

/**
 * Emails to send, written in the transaction of the change that causes them, so an email exists
 * exactly when its change committed. The relay (realtime/mail-relay.ts) claims due rows with a lease
 * and marks them sent. Rows hold ids and flags only: names, addresses and texts are read at send time.
 */
export const outbox = pgTable(
  'outbox',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    kind: text({ enum: notificationKinds }).notNull(),
    recipientUserId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    requestId: uuid()
      .notNull()
      .references(() => requests.id, { onDelete: 'cascade' }),
    offerId: uuid(),
    data: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    /** Written by the database (the enqueuing code has no clock); the 14-day purge compares it with the database's time. */
    createdAt: createdAt(),
    attempts: integer().notNull().default(0),
    /** Null until the first failure: a new row is due at once, whatever the relay's clock says. */
    nextAttemptAt: instant(),
    /** A relay's lease on the row; another relay may take it over only after this passes. */
    claimedUntil: instant(),
    sentAt: instant(),
    /** Not sent on purpose: no longer true (offer taken, request assigned meanwhile), recipient gone, or out of attempts. */
    discardedAt: instant(),
    lastError: text(),
  },
  (table) => [
    check('outbox_kind_check', oneOf(table.kind, notificationKinds)),
    index('outbox_due_idx')
      .on(table.nextAttemptAt, table.id)
      .where(sql`${table.sentAt} IS NULL AND ${table.discardedAt} IS NULL`),
    index().on(table.requestId),
    index().on(table.createdAt),
  ],
);
