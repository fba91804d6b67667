import { Agent } from 'node:https';
import webpush, { WebPushError, type RequestOptions } from 'web-push';
import type { AppContext } from '../../context.js';
import type { DatabaseHandle } from '../../db/client.js';
import type { VapidDetails } from '../../modules/push/vapid.js';
import { LIVE_CHANNEL } from '../live-events.js';
import { outboxRepository, type OutboxRow } from '../outbox.js';
import { pushDeliveryRepository, type PushFacts } from './push-delivery.repository.js';
import { composePush, type PushMessageInput } from './push-messages.js';

const BATCH_SIZE = 50;
const LEASE_MS = 60_000;
/** As for e-mail: no send starts with less of the lease left, and each is abandoned well before it ends. */
const LEASE_MARGIN_MS = 20_000;
const SEND_TIMEOUT_MS = 10_000;
const FIRST_RETRY_MS = 15_000;
const MAX_RETRY_MS = 30 * 60_000;
const MAX_ATTEMPTS = 12;
/** RFC 8030 lets a push service keep a message for as long as the TTL; most keep at most four weeks. */
const MAX_TTL_SECONDS = 28 * 86_400;
const DAY_SECONDS = 86_400;

export const pushRetryDelayMs = (attempts: number) =>
  Math.min(FIRST_RETRY_MS * 2 ** Math.max(attempts - 1, 0), MAX_RETRY_MS);

/** RFC 8030 `Topic` (≤ 32 base64url characters): a newer push with the same topic replaces one not yet delivered. */
const topicOf = (offerId: string) => offerId.replaceAll('-', '');

type Composed =
  | { discard: string }
  | { input: PushMessageInput; ttlSeconds: number; urgency: 'low' | 'normal' | 'high'; topic?: string };

const secondsUntil = (at: Date, now: Date) => Math.floor((at.getTime() - now.getTime()) / 1000);
const clampTtl = (seconds: number) => Math.max(0, Math.min(seconds, MAX_TTL_SECONDS));

/** Decides, from the data as it is now, whether the push is still worth sending, how urgent it is and how long it may wait. */
function decide(row: OutboxRow, facts: PushFacts, now: Date, offerPushWasSent: boolean): Composed {
  if (!facts.recipient.active) return { discard: 'recipient account is inactive' };
  const { request } = facts;
  const untilStart = secondsUntil(request.startsAt, now);
  switch (row.kind) {
    case 'offer': {
      // Never late: an offer taken, withdrawn or expired meanwhile is not pushed at all.
      if (!row.offerId || facts.offer?.status !== 'pending') return { discard: 'offer no longer open' };
      const ttlSeconds = secondsUntil(facts.offer.expiresAt, now);
      if (ttlSeconds < 1) return { discard: 'offer expired' };
      const urgent = request.tier === 'urgent';
      return {
        input: { kind: 'offer', offerId: row.offerId, urgent, expiresAt: facts.offer.expiresAt },
        ttlSeconds,
        urgency: urgent ? 'high' : 'normal',
        topic: topicOf(row.offerId),
      };
    }
    case 'offer_withdrawn':
      if (!row.offerId || !offerPushWasSent) return { discard: 'the offer was never pushed to this device' };
      // Same topic as the offer: one still waiting at the push service is replaced, never shown.
      return {
        input: { kind: 'offer_withdrawn', offerId: row.offerId },
        ttlSeconds: DAY_SECONDS,
        urgency: 'normal',
        topic: topicOf(row.offerId),
      };
    case 'assignment_cancelled':
      if (request.status !== 'cancelled') return { discard: 'request no longer cancelled' };
      if (untilStart < 1) return { discard: 'start passed' };
      return {
        input: { kind: 'assignment_cancelled' },
        ttlSeconds: clampTtl(untilStart),
        urgency: untilStart < DAY_SECONDS ? 'high' : 'normal',
      };
    case 'reminder': {
      const minutesBefore = Number(row.data.reminder);
      if (request.status !== 'assigned' || request.assignedMediatorId !== row.data.mediatorId)
        return { discard: 'no longer assigned to that mediator' };
      if (untilStart < 1) return { discard: 'start passed' };
      return {
        input: { kind: 'reminder', minutesBefore },
        ttlSeconds: clampTtl(untilStart),
        urgency: minutesBefore <= 180 ? 'high' : 'normal',
      };
    }
    case 'request_assigned':
      if (request.status !== 'assigned' || request.assignedMediatorId !== row.data.mediatorId)
        return { discard: 'request no longer assigned to that mediator' };
      return {
        input: { kind: 'request_assigned' },
        ttlSeconds: clampTtl(Math.max(untilStart, DAY_SECONDS)),
        urgency: 'normal',
      };
    case 'request_unfilled':
      if (request.status !== 'unfilled') return { discard: 'request no longer unfilled' };
      if (untilStart < 1) return { discard: 'start passed' };
      return { input: { kind: 'request_unfilled' }, ttlSeconds: clampTtl(untilStart), urgency: 'high' };
    case 'needs_confirmation':
      if (request.status !== 'completed' || request.confirmedAt) return { discard: 'already confirmed' };
      return { input: { kind: 'needs_confirmation' }, ttlSeconds: 7 * DAY_SECONDS, urgency: 'low' };
    default:
      return { discard: 'not a push' };
  }
}

/** What a failure may leave in the outbox and the log: a status or code and a short message, no endpoint URL. */
function describeError(error: unknown): {
  status: number | undefined;
  code: string;
  message: string;
  retryAfterMs?: number;
} {
  if (error instanceof WebPushError) {
    const retryAfter = Number(error.headers?.['retry-after']);
    return {
      status: error.statusCode,
      code: `HTTP_${error.statusCode}`,
      message: String(error.body ?? '').slice(0, 300),
      ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterMs: retryAfter * 1000 } : {}),
    };
  }
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  return {
    status: undefined,
    code: typeof code === 'string' ? code : 'ERROR',
    message: message.replaceAll(/https?:\/\/\S+/g, '<url>').slice(0, 300),
  };
}

/**
 * Sends the outbox's due pushes with Web Push (RFC 8030: payload encrypted `aes128gcm` per RFC 8291,
 * signed with VAPID per RFC 8292), one row per device. A push service answering 404 or 410 has
 * forgotten the subscription: it is deleted, with its pending pushes. 429 and 5xx, and a push service
 * that cannot be reached, are retried with exponential back-off (429's Retry-After when longer); any
 * other refusal (400, 403, 413) is not retried. Delivery is at least once, like e-mail's.
 */
export function createPushRelay(context: AppContext, vapid: VapidDetails) {
  const { db, clock, log } = context;
  const agent = new Agent({ keepAlive: true, maxSockets: 16 });
  let kicking: Promise<void> | undefined;
  let kickAgain = false;
  let listener: { close(): Promise<void> } | undefined;
  let closed = false;

  async function fail(row: OutboxRow, error: ReturnType<typeof describeError>) {
    const now = clock.now();
    const text = `${error.code}: ${error.message}`;
    if (row.attempts >= MAX_ATTEMPTS) {
      await outboxRepository.discard(db, row.id, now, `gave up after ${row.attempts} attempts; last error ${text}`);
      log.warn(
        { outboxId: row.id, kind: row.kind, attempts: row.attempts, code: error.code },
        'push not sent; giving up',
      );
      return;
    }
    const delay = Math.max(pushRetryDelayMs(row.attempts), error.retryAfterMs ?? 0);
    const nextAttemptAt = new Date(now.getTime() + Math.min(delay, MAX_RETRY_MS));
    await outboxRepository.markFailed(db, row.id, nextAttemptAt, text);
    log.warn(
      { outboxId: row.id, kind: row.kind, attempts: row.attempts, code: error.code, nextAttemptAt },
      'push not sent; will retry',
    );
  }

  /** Sends one claimed row; `unreachable` names the push service's origin when it could not be reached at all. */
  async function deliver(row: OutboxRow, unreachable: Set<string>): Promise<{ sent: boolean; unreachable?: string }> {
    const facts = await pushDeliveryRepository.findFacts(db, row);
    const now = clock.now();
    if (!facts) {
      await outboxRepository.discard(db, row.id, now, 'subscription, recipient or request no longer exists');
      return { sent: false };
    }
    // A push service that could not be reached in this batch is not tried again until the back-off.
    if (unreachable.has(new URL(facts.subscription.endpoint).origin)) {
      await fail(row, { status: undefined, code: 'SKIPPED', message: 'push service unreachable during this batch' });
      return { sent: false };
    }
    const withdrawnOffer = row.kind === 'offer_withdrawn' && (await pushDeliveryRepository.offerPushWasSent(db, row));
    const decision = decide(row, facts, now, withdrawnOffer);
    if ('discard' in decision) {
      await outboxRepository.discard(db, row.id, now, decision.discard);
      return { sent: false };
    }
    const payload = composePush(
      decision.input,
      {
        requestId: facts.request.id,
        serviceType: facts.request.serviceType,
        language: facts.language,
        dialect: facts.request.dialect,
        mode: facts.request.mode,
        municipality: facts.request.municipality,
        startsAt: facts.request.startsAt,
        durationMinutes: facts.request.durationMinutes,
      },
      facts.recipient.locale,
    );
    const options: RequestOptions = {
      vapidDetails: vapid,
      TTL: decision.ttlSeconds,
      urgency: decision.urgency,
      contentEncoding: 'aes128gcm',
      timeout: SEND_TIMEOUT_MS,
      agent,
      ...(decision.topic ? { topic: decision.topic } : {}),
    };
    const { subscription } = facts;
    try {
      await webpush.sendNotification(
        { endpoint: subscription.endpoint, keys: { p256dh: subscription.p256dh, auth: subscription.auth } },
        JSON.stringify(payload),
        options,
      );
    } catch (error) {
      const described = describeError(error);
      const at = clock.now();
      if (described.status === 404 || described.status === 410) {
        await pushDeliveryRepository.deleteSubscription(db, subscription.id);
        log.info({ outboxId: row.id, status: described.status }, 'push subscription gone; deleted');
        return { sent: false };
      }
      await pushDeliveryRepository.recordFailure(db, subscription.id, at, `${described.code}: ${described.message}`);
      const retryable = described.status === undefined || described.status === 429 || described.status >= 500;
      if (!retryable) {
        await outboxRepository.discard(
          db,
          row.id,
          at,
          `refused by the push service: ${described.code} ${described.message}`,
        );
        log.warn({ outboxId: row.id, kind: row.kind, code: described.code }, 'push refused by the push service');
        return { sent: false };
      }
      await fail(row, described);
      return {
        sent: false,
        ...(described.status === undefined ? { unreachable: new URL(subscription.endpoint).origin } : {}),
      };
    }
    const sentAt = clock.now();
    await outboxRepository.markSent(db, row.id, sentAt);
    await pushDeliveryRepository.recordSuccess(db, subscription.id, sentAt);
    return { sent: true };
  }

  async function deliverDue(): Promise<number> {
    let sent = 0;
    try {
      const now = clock.now();
      const claimed = await outboxRepository.claimDue(db, now, new Date(now.getTime() + LEASE_MS), BATCH_SIZE, 'push');
      const unreachable = new Set<string>();
      for (const [index, row] of claimed.entries()) {
        if (row.claimedUntil && row.claimedUntil.getTime() - clock.now().getTime() < LEASE_MARGIN_MS) {
          await outboxRepository.release(
            db,
            claimed.slice(index).map((item) => item.id),
          );
          break;
        }
        const outcome = await deliver(row, unreachable);
        if (outcome.sent) sent += 1;
        if (outcome.unreachable) unreachable.add(outcome.unreachable);
      }
    } catch (error) {
      // The database failed under us: claimed rows wait for their lease to run out.
      log.warn({ ...describeError(error) }, 'push relay stopped early; it will try again at the next tick');
    }
    return sent;
  }

  /** Delivers until nothing is due; a kick during a run makes it run once more. */
  function kick(): void {
    if (closed) return;
    if (kicking) {
      kickAgain = true;
      return;
    }
    kicking = (async () => {
      do {
        kickAgain = false;
        while ((await deliverDue()) > 0 && !closed);
      } while (kickAgain && !closed);
    })().finally(() => {
      kicking = undefined;
    });
  }

  return {
    /** Claims the due pushes (50 at most) and sends them; returns how many were sent. Never throws. */
    deliverDue,

    /**
     * Sends as soon as a change commits rather than at the next sweep: the same NOTIFY that wakes the
     * live streams (live_events' trigger) wakes the relay. The sweep remains the safety net.
     */
    async listen(database: DatabaseHandle): Promise<void> {
      listener = await database.listen(LIVE_CHANNEL, kick);
    },

    async close(): Promise<void> {
      closed = true;
      await listener?.close();
      await kicking;
      agent.destroy();
    },
  };
}

export type PushRelay = ReturnType<typeof createPushRelay>;
