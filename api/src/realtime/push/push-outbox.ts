import { sql, type SQL } from 'drizzle-orm';
import type { PushKind } from '../../db/schema/index.js';
import type { NewLiveEvent } from '../live-events.js';
import { announcedWithAnother } from '../outbox.js';

interface OfferPush {
  kind: Extract<PushKind, 'offer' | 'offer_withdrawn'>;
  requestId: string;
  offerId: string;
  mediatorId: string;
}

interface RequestPush {
  kind: Exclude<PushKind, 'offer' | 'offer_withdrawn' | 'reminder'>;
  /** The status the request must still have, as the writing transaction sees it. */
  status: string;
  requestId: string;
}

const requestPushOf: Partial<Record<string, RequestPush['kind']>> = {
  assigned: 'request_assigned',
  unfilled: 'request_unfilled',
  cancelled: 'assignment_cancelled',
  completed: 'needs_confirmation',
};

/**
 * Which live events become pushes to phones (API.md, "Phones") — and nothing else does:
 * - `offer.created` → the mediator the offer is made to; `offer.withdrawn` → the same mediator;
 * - `request.updated` to `cancelled` → the assigned mediator, if any;
 * - `request.updated` to `assigned`, `unfilled` → the requester who filed it; to `completed` → the same
 *   requester, who is asked to confirm.
 * Reminders are not events: the sweep writes them when they fall due (push-reminders.ts).
 */
export function pushesFor(events: NewLiveEvent[]): { offers: OfferPush[]; requests: RequestPush[] } {
  const offers = new Map<string, OfferPush>();
  const requests = new Map<string, RequestPush>();
  for (const event of events) {
    const offerId = event.data?.offerId;
    if ((event.type === 'offer.created' || event.type === 'offer.withdrawn') && typeof offerId === 'string') {
      if (!event.mediatorId) continue;
      const kind = event.type === 'offer.created' ? 'offer' : 'offer_withdrawn';
      offers.set(`${kind}:${offerId}`, { kind, requestId: event.requestId, offerId, mediatorId: event.mediatorId });
    } else if (event.type === 'request.updated' && event.status && !announcedWithAnother(event)) {
      const kind = requestPushOf[event.status];
      // The withdrawing mediator's own event (back to searching) and new waves push nothing.
      if (kind) requests.set(`${kind}:${event.requestId}`, { kind, status: event.status, requestId: event.requestId });
    }
  }
  return { offers: [...offers.values()], requests: [...requests.values()] };
}

/**
 * The INSERT statements (none, one or two) writing the pushes that `events` call for, one row per
 * device of each recipient, to run in the caller's transaction (recordChange): a push exists exactly
 * when its change committed. Rows carry ids only; the text is written when it is sent (push-relay.ts).
 */
export function pushInserts(events: NewLiveEvent[]): SQL[] {
  const wanted = pushesFor(events);
  const inserts: SQL[] = [];
  if (wanted.offers.length > 0) {
    inserts.push(sql`
      INSERT INTO outbox (channel, kind, recipient_user_id, push_subscription_id, request_id, offer_id, data)
      SELECT 'push', e.kind, u.id, s.id, e."requestId", e."offerId", '{}'::jsonb
      FROM jsonb_to_recordset(${JSON.stringify(wanted.offers)}::jsonb)
          AS e(kind text, "requestId" uuid, "offerId" uuid, "mediatorId" uuid)
        JOIN users u ON u.mediator_id = e."mediatorId" AND u.role = 'mediator' AND u.active
        JOIN push_subscriptions s ON s.user_id = u.id
      WHERE NOT EXISTS (
        SELECT 1 FROM outbox o
        WHERE o.channel = 'push' AND o.kind = e.kind AND o.offer_id = e."offerId" AND o.push_subscription_id = s.id
      )
    `);
  }
  if (wanted.requests.length > 0) {
    // As for e-mail: the request must still be in the announced status, and one transaction announcing
    // a status twice (now() is its start time) writes one push.
    inserts.push(sql`
      INSERT INTO outbox (channel, kind, recipient_user_id, push_subscription_id, request_id, data)
      SELECT 'push', e.kind, u.id, s.id, r.id,
        CASE e.kind
          WHEN 'request_assigned' THEN jsonb_build_object('mediatorId', r.assigned_mediator_id)
          WHEN 'assignment_cancelled' THEN jsonb_build_object('mediatorId', r.assigned_mediator_id, 'late', r.late_cancellation)
          ELSE '{}'::jsonb
        END
      FROM jsonb_to_recordset(${JSON.stringify(wanted.requests)}::jsonb) AS e(kind text, status text, "requestId" uuid)
        JOIN requests r ON r.id = e."requestId" AND r.status = e.status
        JOIN users u ON u.active AND (
             (e.kind IN ('request_assigned', 'request_unfilled', 'needs_confirmation')
               AND u.id = r.created_by_user_id AND u.role = 'requester')
          OR (e.kind = 'assignment_cancelled' AND r.assigned_mediator_id IS NOT NULL
               AND u.mediator_id = r.assigned_mediator_id AND u.role = 'mediator'))
        JOIN push_subscriptions s ON s.user_id = u.id
      WHERE NOT EXISTS (
        SELECT 1 FROM outbox o
        WHERE o.channel = 'push' AND o.kind = e.kind AND o.request_id = r.id AND o.push_subscription_id = s.id
          AND o.created_at = now()
      )
    `);
  }
  return inserts;
}
