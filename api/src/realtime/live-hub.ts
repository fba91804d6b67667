import type { ServerResponse } from 'node:http';
import { and, asc, gt, lte, max, min } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type { DatabaseHandle } from '../db/client.js';
import { liveEvents } from '../db/schema/index.js';
import type { Caller } from '../plugins/auth.js';
import { LIVE_CHANNEL } from './live-events.js';

type LiveEventRow = typeof liveEvents.$inferSelect;

const HEARTBEAT_MS = 20_000;
const PUMP_BATCH = 500;
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

  async function drain() {
    for (;;) {
      const rows = await fetchAfter(lastFetchedId, PUMP_BATCH);
      for (const row of rows) deliver(row);
      const last = rows.at(-1);
      if (last) lastFetchedId = last.id;
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

    /** For tests and shutdown: wait until everything notified so far was delivered. */
    flush: () => pump(),

    get subscriberCount() {
      return subscribers.size;
    },

    async stop() {
      clearInterval(heartbeat);
      await listener?.close();
      for (const subscriber of subscribers) subscriber.stream.end();
      subscribers.clear();
      await pumping;
    },
  };
}

export type LiveHub = ReturnType<typeof createLiveHub>;
