import { sql } from 'drizzle-orm';
import { bigserial, check, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, instant, oneOf } from './helpers.js';
import { pushSubscriptions } from './push.js';
import { requests } from './requests.js';
import { users } from './users.js';

/** The emails Ponte sends; each is rendered from current data when it is sent (realtime/mail/). */
export const notificationKinds = ['offer', 'assigned', 'cancelled', 'unfilled', 'remote_fallback'] as const;
export type NotificationKind = (typeof notificationKinds)[number];

/** The pushes Ponte sends to phones (realtime/push/): each rendered from current data when it is sent. */
export const pushKinds = [
  'offer',
  'offer_withdrawn',
  'assignment_cancelled',
  'reminder',
  'request_assigned',
  'request_unfilled',
  'needs_confirmation',
] as const;
export type PushKind = (typeof pushKinds)[number];

export const outboxChannels = ['email', 'push'] as const;
export type OutboxChannel = (typeof outboxChannels)[number];
const outboxKinds = [...new Set<string>([...notificationKinds, ...pushKinds])];

/**
 * Emails to send, written in the transaction of the change that causes them, so an email exists
 * exactly when its change committed. The relay (realtime/mail-relay.ts) claims due rows with a lease
 * and marks them sent. Rows hold ids and flags only: names, addresses and texts are read at send time.
 */
export const outbox = pgTable(
  'outbox',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    /** E-mails (mail-relay.ts) and pushes (push-relay.ts) share the outbox; each relay claims its own channel. */
    channel: text({ enum: outboxChannels }).notNull().default('email'),
    kind: text().$type<NotificationKind | PushKind>().notNull(),
    recipientUserId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    requestId: uuid()
      .notNull()
      .references(() => requests.id, { onDelete: 'cascade' }),
    offerId: uuid(),
    /** The device a push goes to (one row per device, so each is retried on its own); null for e-mail. */
    pushSubscriptionId: uuid().references(() => pushSubscriptions.id, { onDelete: 'cascade' }),
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
    check('outbox_kind_check', oneOf(table.kind, outboxKinds)),
    check('outbox_channel_check', oneOf(table.channel, outboxChannels)),
    check('outbox_push_has_subscription', sql`(${table.channel} = 'push') = (${table.pushSubscriptionId} IS NOT NULL)`),
    index('outbox_due_idx')
      .on(table.nextAttemptAt, table.id)
      .where(sql`${table.sentAt} IS NULL AND ${table.discardedAt} IS NULL`),
    index().on(table.requestId),
    index().on(table.createdAt),
    index().on(table.pushSubscriptionId),
    // A reminder is written by the sweep once per assignment, device and lead time, however many sweep.
    uniqueIndex('outbox_reminder_once')
      .on(table.requestId, table.pushSubscriptionId, sql`(${table.data} ->> 'reminder')`)
      .where(sql`${table.kind} = 'reminder'`),
  ],
);
