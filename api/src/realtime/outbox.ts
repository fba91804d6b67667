import { and, asc, eq, inArray, isNull, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Executor } from '../db/client.js';
import {
  languages,
  mediators,
  offers,
  organizations,
  outbox,
  requests,
  users,
  type NotificationKind,
  type OutboxChannel,
} from '../db/schema/index.js';
import type { NewLiveEvent } from './live-events.js';

export type OutboxRow = typeof outbox.$inferSelect;

/** How long outbox rows are kept, sent or not. */
export const OUTBOX_RETENTION_DAYS = 14;

interface OfferNotification {
  requestId: string;
  offerId: string;
  mediatorId: string;
}

interface RequestNotification {
  kind: Exclude<NotificationKind, 'offer'>;
  requestId: string;
}

/** A session of a series booked whole: the first session's notification announces it (dispatch.service.ts). */
export const announcedWithAnother = (event: NewLiveEvent) =>
  event.status === 'assigned' && typeof event.data?.announcedWith === 'string';

/**
 * Which live events become emails — and nothing else does:
 * - `offer.created` → the mediator the offer is made to;
 * - `request.updated` to `assigned` → the requester who filed the request (once for a series booked whole);
 * - `request.updated` to `cancelled` → the mediator who was assigned, if any (with the late flag);
 * - `request.updated` to `unfilled` → every active coordinator;
 * - `request.updated` announcing a remote fallback → the requester who filed the request.
 */
export function notificationsFor(events: NewLiveEvent[]): {
  offers: OfferNotification[];
  requests: RequestNotification[];
} {
  const offerNotifications = new Map<string, OfferNotification>();
  const requestNotifications = new Map<string, RequestNotification>();
  for (const event of events) {
    if (event.type === 'offer.created') {
      const offerId = event.data?.offerId;
      if (typeof offerId === 'string' && event.mediatorId)
        offerNotifications.set(offerId, { requestId: event.requestId, offerId, mediatorId: event.mediatorId });
    } else if (
      event.type === 'request.updated' &&
      (event.status === 'assigned' || event.status === 'cancelled' || event.status === 'unfilled') &&
      !announcedWithAnother(event)
    ) {
      requestNotifications.set(`${event.status}:${event.requestId}`, {
        kind: event.status,
        requestId: event.requestId,
      });
    }
    if (event.type === 'request.updated' && typeof event.data?.remoteFallback === 'string') {
      requestNotifications.set(`remote_fallback:${event.requestId}`, {
        kind: 'remote_fallback',
        requestId: event.requestId,
      });
    }
  }
  return { offers: [...offerNotifications.values()], requests: [...requestNotifications.values()] };
}

/**
 * The INSERT statements (none, one or two) writing the emails that `events` call for, to run in the
 * caller's transaction: they exist exactly when the change commits. Recipients are selected in SQL from
 * the state the transaction sees; rows carry ids and flags only. Rows are written whether or not SMTP
 * is configured — without SMTP_URL the relay is off and the purge clears them.
 */
export function notificationEmailInserts(events: NewLiveEvent[]): SQL[] {
  const wanted = notificationsFor(events);
  const inserts: SQL[] = [];

  if (wanted.offers.length > 0) {
    inserts.push(sql`
      INSERT INTO outbox (kind, recipient_user_id, request_id, offer_id, data)
      SELECT 'offer', u.id, e."requestId", e."offerId", jsonb_build_object('offerId', e."offerId")
      FROM jsonb_to_recordset(${JSON.stringify(wanted.offers)}::jsonb) AS e("requestId" uuid, "offerId" uuid, "mediatorId" uuid)
        JOIN users u ON u.mediator_id = e."mediatorId" AND u.role = 'mediator' AND u.active
      WHERE NOT EXISTS (SELECT 1 FROM outbox o WHERE o.channel = 'email' AND o.kind = 'offer' AND o.offer_id = e."offerId" AND o.recipient_user_id = u.id)
    `);
  }

  if (wanted.requests.length > 0) {
    // The request must still be in the status the event announced, as this transaction sees it. One
    // change can announce the same status twice (a decline that empties the last wave publishes
    // `unfilled` from the dispatcher and again from the decline): rows already written by this same
    // transaction — same request, recipient and kind, same transaction start time, now() — are not
    // written again, while a later transaction (unfilled again after a withdrawal) writes new ones.
    inserts.push(sql`
      INSERT INTO outbox (kind, recipient_user_id, request_id, data)
      SELECT e.kind, u.id, r.id,
        CASE e.kind
          WHEN 'assigned' THEN jsonb_build_object('mediatorId', r.assigned_mediator_id)
          WHEN 'cancelled' THEN jsonb_build_object('mediatorId', r.assigned_mediator_id, 'late', r.late_cancellation)
          ELSE '{}'::jsonb
        END
      FROM jsonb_to_recordset(${JSON.stringify(wanted.requests)}::jsonb) AS e(kind text, "requestId" uuid)
        JOIN requests r ON r.id = e."requestId"
          AND (r.status = e.kind OR (e.kind = 'remote_fallback' AND r.original_mode IS NOT NULL))
        JOIN users u ON u.active AND (
             (e.kind IN ('assigned', 'remote_fallback') AND u.id = r.created_by_user_id AND u.role = 'requester')
          OR (e.kind = 'cancelled' AND r.assigned_mediator_id IS NOT NULL AND u.mediator_id = r.assigned_mediator_id AND u.role = 'mediator')
          OR (e.kind = 'unfilled' AND u.role = 'coordinator'))
      WHERE NOT EXISTS (
        SELECT 1 FROM outbox o
        WHERE o.channel = 'email' AND o.kind = e.kind AND o.request_id = r.id AND o.recipient_user_id = u.id AND o.created_at = now()
      )
    `);
  }
  return inserts;
}

const assignedMediators = alias(mediators, 'assigned_mediators');

/** The relay's queries (drizzle only; the decisions are in mail-relay.ts). */
export const outboxRepository = {
  /**
   * Claims up to `limit` due rows for this relay until `leaseUntil`. SKIP LOCKED lets two relays claim
   * at once without waiting on, or taking, each other's rows; the lease keeps a claimed row away from
   * other relays after this statement commits, until it is marked or the lease runs out (a crash).
   */
  async claimDue(
    db: Executor,
    now: Date,
    leaseUntil: Date,
    limit: number,
    channel: OutboxChannel = 'email',
  ): Promise<OutboxRow[]> {
    const due = db
      .select({ id: outbox.id })
      .from(outbox)
      .where(
        and(
          eq(outbox.channel, channel),
          isNull(outbox.sentAt),
          isNull(outbox.discardedAt),
          or(isNull(outbox.nextAttemptAt), lte(outbox.nextAttemptAt, now)),
          or(isNull(outbox.claimedUntil), lt(outbox.claimedUntil, now)),
        ),
      )
      .orderBy(asc(outbox.id))
      .limit(limit)
      .for('update', { skipLocked: true });
    const claimed = await db
      .update(outbox)
      .set({ claimedUntil: leaseUntil, attempts: sql`${outbox.attempts} + 1` })
      .where(inArray(outbox.id, due))
      .returning();
    return claimed.sort((a, b) => a.id - b.id);
  },

  async markSent(db: Executor, id: number, at: Date): Promise<void> {
    await db.update(outbox).set({ sentAt: at, claimedUntil: null, lastError: null }).where(eq(outbox.id, id));
  },

  async markFailed(db: Executor, id: number, nextAttemptAt: Date, error: string): Promise<void> {
    await db.update(outbox).set({ nextAttemptAt, claimedUntil: null, lastError: error }).where(eq(outbox.id, id));
  },

  async discard(db: Executor, id: number, at: Date, reason: string): Promise<void> {
    await db.update(outbox).set({ discardedAt: at, claimedUntil: null, lastError: reason }).where(eq(outbox.id, id));
  },

  /** Gives claimed rows back untouched, when the relay stops before trying them. */
  async release(db: Executor, ids: number[]): Promise<void> {
    if (ids.length === 0) return;
    await db
      .update(outbox)
      .set({ claimedUntil: null, attempts: sql`greatest(${outbox.attempts} - 1, 0)` })
      .where(inArray(outbox.id, ids));
  },

  /** Everything needed to write one email, read when it is sent so it says what is true then. */
  async findMailFacts(db: Executor, row: OutboxRow) {
    const [facts] = await db
      .select({
        recipient: { email: users.email, name: users.name, locale: users.locale, active: users.active },
        request: {
          id: requests.id,
          status: requests.status,
          serviceType: requests.serviceType,
          dialect: requests.dialect,
          mode: requests.mode,
          startsAt: requests.startsAt,
          durationMinutes: requests.durationMinutes,
          municipality: requests.locationMunicipality,
          address: requests.locationAddress,
          assignedMediatorId: requests.assignedMediatorId,
          lateCancellation: requests.lateCancellation,
        },
        language: { nameIt: languages.nameIt, nameEn: languages.nameEn },
        organizationName: organizations.name,
        assignedMediator: { fullName: assignedMediators.fullName, phone: assignedMediators.phone },
        offer: { status: offers.status, expiresAt: offers.expiresAt },
      })
      .from(users)
      .innerJoin(requests, eq(requests.id, row.requestId))
      .innerJoin(languages, eq(languages.code, requests.languageCode))
      .innerJoin(organizations, eq(organizations.id, requests.organizationId))
      .leftJoin(assignedMediators, eq(assignedMediators.id, requests.assignedMediatorId))
      .leftJoin(offers, row.offerId ? eq(offers.id, row.offerId) : sql`false`)
      .where(eq(users.id, row.recipientUserId));
    return facts;
  },

  /** Rows older than the retention, by the database's clock — the clock that wrote created_at. */
  async purgeExpired(db: Executor): Promise<number> {
    const deleted = await db
      .delete(outbox)
      .where(lt(outbox.createdAt, sql`now() - make_interval(days => ${OUTBOX_RETENTION_DAYS})`))
      .returning({ id: outbox.id });
    return deleted.length;
  },
};

export type MailFacts = NonNullable<Awaited<ReturnType<typeof outboxRepository.findMailFacts>>>;
