import { lt } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { liveEvents } from '../db/schema/index.js';
import { enqueueNotificationEmails } from './outbox.js';

/** The NOTIFY channel; migration 0007's trigger names it too. */
export const LIVE_CHANNEL = 'ponte_live';

export type LiveEventType = 'offer.created' | 'offer.withdrawn' | 'offer.expired' | 'request.updated';
export type NewLiveEvent = typeof liveEvents.$inferInsert & { type: LiveEventType };

/**
 * Records live events inside the caller's transaction. A trigger on live_events (migration 0007)
 * sends NOTIFY on LIVE_CHANNEL, which is transactional too: listeners on every instance hear of the
 * events exactly when the change commits, and never of a rolled-back one.
 */
export async function publishLiveEvents(db: Executor, events: NewLiveEvent[]): Promise<void> {
  if (events.length === 0) return;
  await db.insert(liveEvents).values(events);
  await enqueueNotificationEmails(db, events);
}

/** Live events are for reconnecting clients, not history (that is request_events): keep two days. */
export const LIVE_EVENTS_KEPT_MS = 2 * 86_400_000;

export async function pruneLiveEvents(db: Executor, now: Date): Promise<void> {
  await db.delete(liveEvents).where(lt(liveEvents.at, new Date(now.getTime() - LIVE_EVENTS_KEPT_MS)));
}
