import { and, asc, desc, eq, gt } from 'drizzle-orm';
import type { Offer, OfferStatus } from '@ponte/shared';
import type { AppContext } from '../../context.js';
import { offers, requests } from '../../db/schema/index.js';
import { canTransition } from '../../domain/request-state.js';
import { conflict, forbidden, notFound } from '../../lib/errors.js';
import type { Caller } from '../../plugins/auth.js';
import { publishLiveEvents } from '../../realtime/live-events.js';
import { bookMediator } from '../dispatch/booking.js';
import { offerEvents, requestUpdated, type Dispatcher } from '../dispatch/dispatch.service.js';
import { offersStore, type OfferRow } from '../dispatch/offers-store.js';
import { requestsRepository, type RequestRow } from '../requests/requests.repository.js';
import type { RequestsService } from '../requests/requests.service.js';

const unavailable = () => conflict('OFFER_UNAVAILABLE', 'This offer is no longer available: it was taken, withdrawn or has expired');

/** What a mediator sees of an offer: only what they need to decide (DESIGN.md, Privacy). */
function toOffer(offer: OfferRow, request: RequestRow): Offer {
  return {
    id: offer.id,
    status: offer.status,
    expiresAt: offer.expiresAt.toISOString(),
    createdAt: offer.createdAt.toISOString(),
    request: {
      id: request.id,
      serviceType: request.serviceType,
      languageCode: request.languageCode,
      dialect: request.dialect,
      mode: request.mode,
      municipality: request.locationMunicipality,
      districtId: request.districtId,
      startsAt: request.startsAt.toISOString(),
      durationMinutes: request.durationMinutes,
    },
  };
}

export function createOffersService(context: AppContext, dispatcher: Dispatcher, requestsService: RequestsService) {
  const { db, clock, config } = context;

  function mediatorOf(caller: Caller): string {
    if (caller.role !== 'mediator' || !caller.mediatorId) throw forbidden('Only mediators receive offers');
    return caller.mediatorId;
  }

  /** Finds the caller's own offer and locks its request: every path that changes a request locks it first. */
  async function lockOwnOffer(executor: Parameters<Parameters<typeof db.transaction>[0]>[0], mediatorId: string, offerId: string) {
    const [offer] = await executor.select().from(offers).where(and(eq(offers.id, offerId), eq(offers.mediatorId, mediatorId)));
    if (!offer) throw notFound('Offer');
    const request = await requestsRepository.lockById(executor, offer.requestId);
    if (!request) throw notFound('Offer');
    return { offer, request };
  }

  return {
    async list(caller: Caller, status?: OfferStatus): Promise<Offer[]> {
      const mediatorId = mediatorOf(caller);
      const now = clock.now();
      const conditions = [eq(offers.mediatorId, mediatorId)];
      if (status) conditions.push(eq(offers.status, status));
      // A pending offer past its expiry is not offered any more, even before the sweep records it.
      if (status === 'pending') conditions.push(gt(offers.expiresAt, now));
      const rows = await db
        .select({ offer: offers, request: requests })
        .from(offers)
        .innerJoin(requests, eq(requests.id, offers.requestId))
        .where(and(...conditions))
        .orderBy(status === 'pending' ? asc(offers.expiresAt) : desc(offers.createdAt))
        .limit(200);
      return rows.map((row) => toOffer(row.offer, row.request));
    },

    /** The first accept wins: the request row lock serializes racing accepts, the conditional updates decide. */
    async accept(caller: Caller, offerId: string) {
      const mediatorId = mediatorOf(caller);
      return db.transaction(async (transaction) => {
        const { request } = await lockOwnOffer(transaction, mediatorId, offerId);
        const now = clock.now();
        const [accepted] = await transaction
          .update(offers)
          .set({ status: 'accepted', respondedAt: now })
          .where(and(eq(offers.id, offerId), eq(offers.status, 'pending'), gt(offers.expiresAt, now)))
          .returning();
        if (!accepted || !canTransition(request.status, 'accept')) throw unavailable();
        const assigned = await bookMediator(transaction, request, mediatorId, now, config.travelBufferMinutes);
        const withdrawn = await offersStore.withdrawPending(transaction, request.id, now, offerId);
        await requestsRepository.addEvent(transaction, { requestId: request.id, at: now, type: 'accepted', actorUserId: caller.sub, data: { from: request.status, mediatorId, offerId } });
        await publishLiveEvents(transaction, [...offerEvents('offer.withdrawn', assigned, withdrawn), requestUpdated(assigned, { mediatorId })]);
        return { offer: toOffer(accepted, assigned), request: await requestsService.detail(transaction, request.id) };
      });
    },

    async decline(caller: Caller, offerId: string, reason?: string) {
      const mediatorId = mediatorOf(caller);
      return db.transaction(async (transaction) => {
        const { request } = await lockOwnOffer(transaction, mediatorId, offerId);
        const now = clock.now();
        const [declined] = await transaction
          .update(offers)
          .set({ status: 'declined', respondedAt: now, declineReason: reason ?? null })
          .where(and(eq(offers.id, offerId), eq(offers.status, 'pending')))
          .returning();
        if (!declined) throw unavailable();
        await requestsRepository.addEvent(transaction, { requestId: request.id, at: now, type: 'offer_declined', actorUserId: caller.sub, data: { mediatorId } });
        // The decline may have emptied the wave: the next one goes out now, not at the next sweep.
        const advanced = await dispatcher.advance(transaction, request);
        await publishLiveEvents(transaction, [requestUpdated(advanced, { declined: true })]);
        return toOffer(declined, advanced);
      });
    },

  };
}

export type OffersService = ReturnType<typeof createOffersService>;
