import { lt, sql } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { liveEvents } from '../db/schema/index.js';
import { enqueueNotificationEmails } from './outbox.js';

export const LIVE_CHANNEL = 'ponte_live';

export type LiveEventType = 'offer.created' | 'offer.withdrawn' | 'offer.expired' | 'request.updated';
export type NewLiveEvent = typeof liveEvents.$inferInsert & { type: LiveEventType };

/**
 * Records live events inside the caller's transaction. NOTIFY is transactional too, so listeners on
 * every instance hear of them exactly when the change commits, and never of a rolled-back one.
 */
export async function publishLiveEvents(db: Executor, events: NewLiveEvent[]): Promise<void> {
  if (events.length === 0) return;
  const inserted = await db.insert(liveEvents).values(events).returning({ id: liveEvents.id });
  const lastId = Math.max(...inserted.map((row) => row.id));
  await db.execute(sql`SELECT pg_notify(${LIVE_CHANNEL}, ${String(lastId)})`);
  await enqueueNotificationEmails(db, events);
}

/** Live events are for reconnecting clients, not history (that is request_events): keep two days. */
export const LIVE_EVENTS_KEPT_MS = 2 * 86_400_000;

export async function pruneLiveEvents(db: Executor, now: Date): Promise<void> {
  await db.delete(liveEvents).where(lt(liveEvents.at, new Date(now.getTime() - LIVE_EVENTS_KEPT_MS)));
}
