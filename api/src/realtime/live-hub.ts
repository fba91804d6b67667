import type { ServerResponse } from 'node:http';
import { and, asc, gt, lte, max, min, sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import { rowsOf, type DatabaseHandle } from '../db/client.js';
import { liveEvents } from '../db/schema/index.js';
import type { Caller } from '../plugins/auth.js';
import { LIVE_CHANNEL } from './live-events.js';

type LiveEventRow = typeof liveEvents.$inferSelect;

const HEARTBEAT_MS = 20_000;
const PUMP_BATCH = 500;
/** How often a hub waiting on a missing event id looks again (the transaction holding it may have rolled back). */
const GAP_RECHECK_MS = 25;
/** A missing id still not committed after this long is given up (a transaction left idle, say). */
const GAP_GIVE_UP_MS = 10_000;
/** A client further behind than this re-fetches instead of replaying. */
const MAX_REPLAY = 1000;

interface Subscriber {
  caller: Caller;
  stream: ServerResponse;
  /** The id of the last event this subscriber has been sent (or deliberately skipped). */
  sentUpTo: number;
}

/** Who may hear of an event: coordinators everything, a requester their organization's requests, a mediator what names them. */
export function concerns(caller: Caller, event: Pick<LiveEventRow, 'type' | 'organizationId' | 'mediatorId'>): boolean {
  if (caller.role === 'coordinator') return true;
  if (caller.role === 'requester')
    return event.type === 'request.updated' && event.organizationId === caller.organizationId;
  return event.mediatorId !== null && event.mediatorId === caller.mediatorId;
}

/** The SSE frame of one event: ids and a status, nothing personal. */
export function formatEvent(event: LiveEventRow): string {
  const isOffer = event.type.startsWith('offer.');
  const data = {
    ...event.data,
    id: isOffer ? event.data.offerId : event.requestId,
    requestId: event.requestId,
    status: event.status,
  };
  return `id: ${event.id}\nevent: ${event.type}\ndata: ${JSON.stringify(data)}\n\n`;
}

/**
 * Fans live events out to this process's SSE subscribers. Every instance LISTENs on one channel; a
 * NOTIFY (sent at commit by whichever instance made the change) makes each hub read the new rows of
 * live_events in id order and write each to the subscribers it concerns.
 */
export function createLiveHub(database: DatabaseHandle, log: FastifyBaseLogger) {
  const db = database.db;
  const subscribers = new Set<Subscriber>();
  let lastFetchedId = 0;
  let pumping: Promise<void> | undefined;
  let pumpAgain = false;
  let listener: { close(): Promise<void> } | undefined;
  let heartbeat: NodeJS.Timeout | undefined;

  function deliver(event: LiveEventRow) {
    const frame = formatEvent(event);
    for (const subscriber of subscribers) {
      if (subscriber.sentUpTo >= event.id) continue;
      subscriber.sentUpTo = event.id;
      if (concerns(subscriber.caller, event)) subscriber.stream.write(frame);
    }
  }

  async function fetchAfter(id: number, limit: number) {
    return db.select().from(liveEvents).where(gt(liveEvents.id, id)).orderBy(asc(liveEvents.id)).limit(limit);
  }

  /**
   * A missing id before the rows read: ids are taken at insert and transactions commit in any order, so
   * a lower id may still be on its way. Delivering past it would lose it for good (every stream, and every
   * Last-Event-ID replay, moves in id order), so the hub waits until every transaction that was running
   * when the gap was seen has ended (`pg_snapshot_xmin` has passed that moment's `xmax`): then the id is
   * either committed (and read next time) or never will be (a rollback), and the gap is closed.
   */
  let gap: { after: number; xmax: string; seenAt: number } | undefined;
  let recheck: NodeJS.Timeout | undefined;

  async function gapClosed(): Promise<boolean> {
    if (gap?.after !== lastFetchedId) {
      const [seen] = rowsOf<{ xmax: string; idle: boolean }>(
        await db.execute(
          sql`SELECT pg_snapshot_xmax(s)::text AS xmax, pg_snapshot_xmin(s) = pg_snapshot_xmax(s) AS idle FROM pg_current_snapshot() s`,
        ),
      );
      if (seen?.idle) return true;
      gap = { after: lastFetchedId, xmax: seen?.xmax ?? '0', seenAt: Date.now() };
      return false;
    }
    if (Date.now() - gap.seenAt > GAP_GIVE_UP_MS) return true;
    const [now] = rowsOf<{ passed: boolean }>(
      await db.execute(sql`SELECT pg_snapshot_xmin(pg_current_snapshot()) >= ${gap.xmax}::xid8 AS passed`),
    );
    return now?.passed ?? true;
  }

  async function drain() {
    for (;;) {
      const rows = await fetchAfter(lastFetchedId, PUMP_BATCH);
      const first = rows[0];
      if (first && first.id !== lastFetchedId + 1) {
        if (!(await gapClosed())) {
          recheck ??= setTimeout(() => {
            recheck = undefined;
            void pump();
          }, GAP_RECHECK_MS);
          return;
        }
        // Every transaction that could hold the missing ids has ended: read again, then pass what is still missing.
        const settled = await fetchAfter(lastFetchedId, PUMP_BATCH);
        gap = undefined;
        if (settled[0] && settled[0].id !== lastFetchedId + 1) lastFetchedId = settled[0].id - 1;
        continue;
      }
      // Deliver up to the next gap inside the batch; the rest waits for the next round.
      let delivered = 0;
      for (const row of rows) {
        if (row.id !== lastFetchedId + 1) break;
        deliver(row);
        lastFetchedId = row.id;
        delivered += 1;
      }
      if (delivered < rows.length) continue;
      if (rows.length < PUMP_BATCH) return;
    }
  }

  /** Runs one drain at a time; a notification during a drain makes it run once more. */
  function pump() {
    if (pumping) {
      pumpAgain = true;
      return pumping;
    }
    pumping = (async () => {
      do {
        pumpAgain = false;
        try {
          await drain();
        } catch (error) {
          log.warn({ err: error }, 'live events: fetch failed; will retry on the next notification');
        }
      } while (pumpAgain);
    })().finally(() => {
      pumping = undefined;
    });
    return pumping;
  }

  return {
    async start() {
      const [latest] = await db.select({ last: max(liveEvents.id) }).from(liveEvents);
      lastFetchedId = latest?.last ?? 0;
      listener = await database.listen(LIVE_CHANNEL, () => void pump());
      heartbeat = setInterval(() => {
        for (const subscriber of subscribers) subscriber.stream.write(': heartbeat\n\n');
      }, HEARTBEAT_MS);
      heartbeat.unref();
    },

    /**
     * Adds a subscriber. With a Last-Event-ID it first replays what the subscriber missed; when that is
     * too much or no longer kept, it sends `resync` so the client re-fetches its lists instead.
     */
    async subscribe(caller: Caller, stream: ServerResponse, lastEventId: number | undefined) {
      let replay: LiveEventRow[] = [];
      let resync = false;
      if (lastEventId !== undefined) {
        const [oldest] = await db.select({ id: min(liveEvents.id) }).from(liveEvents);
        const pruned = oldest?.id !== null && oldest?.id !== undefined && oldest.id > lastEventId + 1;
        replay = pruned
          ? []
          : await db
              .select()
              .from(liveEvents)
              .where(and(gt(liveEvents.id, lastEventId), lte(liveEvents.id, lastFetchedId)))
              .orderBy(asc(liveEvents.id))
              .limit(MAX_REPLAY + 1);
        resync = pruned || replay.length > MAX_REPLAY;
      }
      // From here on nothing awaits: the replay bound and the subscriber's start are the same instant.
      const subscriber: Subscriber = { caller, stream, sentUpTo: lastFetchedId };
      if (resync) {
        stream.write(`event: resync\ndata: {}\n\n`);
      } else {
        for (const event of replay)
          if (event.id <= lastFetchedId && concerns(caller, event)) stream.write(formatEvent(event));
      }
      subscribers.add(subscriber);
      return () => subscribers.delete(subscriber);
    },

    /** For tests and shutdown: wait until everything notified so far was delivered (gaps settled too). */
    async flush() {
      await pump();
      while (recheck) {
        await new Promise((resolve) => setTimeout(resolve, GAP_RECHECK_MS));
        await pump();
      }
    },

    get subscriberCount() {
      return subscribers.size;
    },

    async stop() {
      clearInterval(heartbeat);
      clearTimeout(recheck);
      await listener?.close();
      for (const subscriber of subscribers) subscriber.stream.end();
      subscribers.clear();
      await pumping;
    },
  };
}

export type LiveHub = ReturnType<typeof createLiveHub>;
