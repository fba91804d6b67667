import type { OfferRow, RequestRow } from '../../db/schema/index.js';
import type { NewLiveEvent } from '../../realtime/live-events.js';

export const requestUpdated = (row: RequestRow, data: Record<string, unknown> = {}): NewLiveEvent => ({
  type: 'request.updated',
  requestId: row.id,
  organizationId: row.organizationId,
  mediatorId: row.assignedMediatorId,
  status: row.status,
  data,
});

/** `extra` goes into each event's data, e.g. why an offer was withdrawn. */
export const offerEvents = (
  type: 'offer.created' | 'offer.withdrawn' | 'offer.expired',
  request: RequestRow,
  rows: OfferRow[],
  extra: Record<string, unknown> = {},
): NewLiveEvent[] =>
  rows.map((offer) => ({
    type,
    requestId: request.id,
    organizationId: request.organizationId,
    mediatorId: offer.mediatorId,
    status: offer.status,
    data: { offerId: offer.id, expiresAt: offer.expiresAt.toISOString(), ...extra },
  }));
