import { lt, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { liveEvents, requestEvents } from '../db/schema/index.js';
import { notificationEmailInserts } from './outbox.js';
import { pushInserts } from './push/push-outbox.js';

/** The NOTIFY channel; migration 0007's trigger names it too. */
export const LIVE_CHANNEL = 'ponte_live';

export type LiveEventType = 'offer.created' | 'offer.withdrawn' | 'offer.expired' | 'request.updated';
export type NewLiveEvent = typeof liveEvents.$inferInsert & { type: LiveEventType };
export type NewRequestEvent = typeof requestEvents.$inferInsert;

/**
 * Records one change inside the caller's transaction, in a single statement: its audit events (the
 * request's timeline), its live events and the e-mails and pushes those call for. A trigger on live_events
 * (migration 0007) sends NOTIFY on LIVE_CHANNEL, which is transactional too: listeners on every
 * instance hear of the events exactly when the change commits, and never of a rolled-back one.
 */
export async function recordChange(
  db: Executor,
  change: { audit?: NewRequestEvent[]; live?: NewLiveEvent[] },
): Promise<void> {
  const { audit = [], live = [] } = change;
  const inserts: SQL[] = [];
  if (audit.length > 0) inserts.push(db.insert(requestEvents).values(audit).getSQL());
  if (live.length > 0)
    inserts.push(db.insert(liveEvents).values(live).getSQL(), ...notificationEmailInserts(live), ...pushInserts(live));
  const last = inserts.pop();
  if (!last) return;
  // The other inserts as data-modifying WITH items: all of them run, in the one statement.
  const earlier = inserts.map((insert, index) => sql`${sql.raw(`write_${index}`)} AS (${insert})`);
  await db.execute(earlier.length > 0 ? sql`WITH ${sql.join(earlier, sql`, `)} ${last}` : last);
}

export const publishLiveEvents = (db: Executor, events: NewLiveEvent[]) => recordChange(db, { live: events });

/** Live events are for reconnecting clients, not history (that is request_events): keep two days. */
export const LIVE_EVENTS_KEPT_MS = 2 * 86_400_000;

export async function pruneLiveEvents(db: Executor, now: Date): Promise<void> {
  await db.delete(liveEvents).where(lt(liveEvents.at, new Date(now.getTime() - LIVE_EVENTS_KEPT_MS)));
}
