import { and, eq, gt, ne, sql } from 'drizzle-orm';
import type { Offer, OfferStatus } from '@ponte/shared';
import type { AppContext } from '../../context.js';
import type { Executor } from '../../db/client.js';
import { blockedInterval, blockedIntervalsOverlap } from '../../domain/matching.js';
import { assignments, offers, requests } from '../../db/schema/index.js';
import { canTransition } from '../../domain/request-state.js';
import { sqlState } from '../../lib/database-errors.js';
import { conflict, forbidden, notFound } from '../../lib/errors.js';
import type { Caller } from '../../plugins/auth.js';
import { publishLiveEvents, recordChange } from '../../realtime/live-events.js';
import { bookMediator } from '../dispatch/booking.js';
import { offerEvents, requestUpdated, type Dispatcher } from '../dispatch/dispatch.service.js';
import { offersStore, type OfferRow } from '../dispatch/offers-store.js';
import { requestsRepository, type RequestRow } from '../requests/requests.repository.js';
import type { RequestsService } from '../requests/requests.service.js';
import { createOfferListQueries } from './offer-list.query.js';

const busy = () => conflict('MEDIATOR_BUSY', 'You already have an assignment at that time');
const unavailable = () =>
  conflict('OFFER_UNAVAILABLE', 'This offer is no longer available: it was taken, withdrawn or has expired');

type OfferShown = Pick<OfferRow, 'id' | 'status' | 'expiresAt' | 'createdAt'>;
type RequestShown = Pick<
  RequestRow,
  | 'id'
  | 'serviceType'
  | 'languageCode'
  | 'dialect'
  | 'mode'
  | 'locationMunicipality'
  | 'districtId'
  | 'startsAt'
  | 'durationMinutes'
>;

/** What a mediator sees of an offer: only what they need to decide (DESIGN.md, Privacy). */
function toOffer(offer: OfferShown, request: RequestShown): Offer {
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

  const offerLists = createOfferListQueries(db);

  function mediatorOf(caller: Caller): string {
    if (caller.role !== 'mediator' || !caller.mediatorId) throw forbidden('Only mediators receive offers');
    return caller.mediatorId;
  }

  /** Finds the caller's own offer and locks its request: every path that changes a request locks it first. */
  async function lockOwnOffer(executor: Executor, mediatorId: string, offerId: string) {
    const [offer] = await executor
      .select()
      .from(offers)
      .where(and(eq(offers.id, offerId), eq(offers.mediatorId, mediatorId)));
    if (!offer) throw notFound('Offer');
    const request = await requestsRepository.lockById(executor, offer.requestId);
    if (!request) throw notFound('Offer');
    return { offer, request };
  }

  /**
   * The mediator's other pending offers that overlap the booking they just accepted can no longer be
   * taken: withdraw them and tell them so. Their requests are not locked here (that could deadlock with
   * a concurrent accept of theirs); the caller advances them after commit.
   */
  async function withdrawClashingOffers(executor: Executor, mediatorId: string, booked: RequestRow, now: Date) {
    const bookedEnd = new Date(booked.startsAt.getTime() + booked.durationMinutes * 60_000);
    const bookedBlock = blockedInterval(booked.startsAt, bookedEnd, booked.mode, config.travelBufferMinutes);
    // SKIP LOCKED: an offer being accepted right now by this mediator is left alone (its accept then meets
    // the exclusion constraint and answers MEDIATOR_BUSY) rather than waited for, which could deadlock.
    const pending = await executor
      .select({ offer: offers, request: requests })
      .from(offers)
      .innerJoin(requests, eq(requests.id, offers.requestId))
      .where(and(eq(offers.mediatorId, mediatorId), eq(offers.status, 'pending'), ne(offers.requestId, booked.id)))
      .for('update', { of: offers, skipLocked: true });
    const clashing = pending.filter(({ request }) => {
      const end = new Date(request.startsAt.getTime() + request.durationMinutes * 60_000);
      return blockedIntervalsOverlap(
        bookedBlock,
        blockedInterval(request.startsAt, end, request.mode, config.travelBufferMinutes),
      );
    });
    const events = [];
    for (const { offer, request } of clashing) {
      const [withdrawn] = await executor
        .update(offers)
        .set({ status: 'withdrawn', respondedAt: now })
        .where(and(eq(offers.id, offer.id), eq(offers.status, 'pending')))
        .returning();
      // The mediator's own inbox says why: they are now booked then, not beaten to it.
      if (withdrawn) events.push(...offerEvents('offer.withdrawn', request, [withdrawn], { reason: 'mediator_busy' }));
    }
    return { events, requestIds: [...new Set(clashing.map(({ request }) => request.id))] };
  }

  /** An offer withdrawn because its mediator took an overlapping job answers MEDIATOR_BUSY, which says why. */
  async function isBusyElsewhere(executor: Executor, mediatorId: string, offerId: string): Promise<boolean> {
    const [row] = await executor
      .select({ id: assignments.id })
      .from(offers)
      .innerJoin(requests, eq(requests.id, offers.requestId))
      .innerJoin(assignments, and(eq(assignments.mediatorId, mediatorId), eq(assignments.status, 'active')))
      .where(
        and(
          eq(offers.id, offerId),
          eq(offers.status, 'withdrawn'),
          sql`tstzrange(${assignments.startsAt}, ${assignments.blockedUntil}) && tstzrange(${requests.startsAt}, ${requests.startsAt} + make_interval(mins => ${requests.durationMinutes} + CASE WHEN ${requests.mode} = 'in_person' THEN ${config.travelBufferMinutes}::int ELSE 0 END))`,
        ),
      )
      .limit(1);
    return row !== undefined;
  }

  /** Best effort: the sweep is the safety net if this fails. */
  async function advanceQuietly(requestId: string) {
    await dispatcher
      .advanceById(requestId)
      .catch((error: unknown) =>
        context.log.warn({ err: error, requestId }, 'could not advance the request; the sweep will'),
      );
  }

  return {
    /** The caller's offers as the JSON text of an `Offer[]`, built by the database (see offer-list.query.ts). */
    async list(caller: Caller, status?: OfferStatus): Promise<string> {
      const mediatorId = mediatorOf(caller);
      return status === 'pending' ? offerLists.pending(mediatorId, clock.now()) : offerLists.all(mediatorId, status);
    },

    /** The first accept wins: the request row lock serializes racing accepts, the conditional updates decide. */
    async accept(caller: Caller, offerId: string) {
      const mediatorId = mediatorOf(caller);
      let lockedRequestId: string | undefined;
      const result = await db
        .transaction(async (transaction) => {
          const { request } = await lockOwnOffer(transaction, mediatorId, offerId);
          lockedRequestId = request.id;
          const now = clock.now();
          // Only an active mediator takes work: one deactivated since the offer went out finds it gone.
          const [accepted] = await transaction
            .update(offers)
            .set({ status: 'accepted', respondedAt: now })
            .where(
              and(
                eq(offers.id, offerId),
                eq(offers.status, 'pending'),
                gt(offers.expiresAt, now),
                sql`EXISTS (SELECT 1 FROM mediators WHERE id = ${mediatorId} AND active)`,
              ),
            )
            .returning();
          if (!accepted) throw (await isBusyElsewhere(transaction, mediatorId, offerId)) ? busy() : unavailable();
          if (!canTransition(request.status, 'accept')) throw unavailable();
          const assigned = await bookMediator(transaction, request, mediatorId, now, config.travelBufferMinutes);
          const withdrawn = await offersStore.withdrawPending(transaction, request.id, now, offerId);
          const clashing = await withdrawClashingOffers(transaction, mediatorId, assigned, now);
          await recordChange(transaction, {
            audit: [
              {
                requestId: request.id,
                at: now,
                type: 'accepted',
                actorUserId: caller.sub,
                data: { from: request.status, mediatorId, offerId },
              },
            ],
            live: [
              ...offerEvents('offer.withdrawn', assigned, withdrawn),
              ...clashing.events,
              requestUpdated(assigned, { mediatorId }),
            ],
          });
          return {
            offer: toOffer(accepted, assigned),
            request: await requestsService.detail(transaction, request.id),
            clashingRequestIds: clashing.requestIds,
          };
        })
        .catch(async (error: unknown) => {
          if (sqlState(error) === '23P01') {
            // Booked elsewhere at that time, by a concurrent accept: this offer can never be taken now.
            await dispatcher.withdrawOffer(offerId);
            throw busy();
          }
          // A failed accept held the request's lock, so an advance meant for it meanwhile (SKIP LOCKED) may
          // have passed it by: catch up now, or it would wait for its old offer expiry.
          if (lockedRequestId) await advanceQuietly(lockedRequestId);
          throw error;
        });
      // Requests that just lost this mediator send their next wave now rather than at the offer's expiry.
      for (const requestId of result.clashingRequestIds) await advanceQuietly(requestId);
      return { offer: result.offer, request: result.request };
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
        await recordChange(transaction, {
          audit: [
            { requestId: request.id, at: now, type: 'offer_declined', actorUserId: caller.sub, data: { mediatorId } },
          ],
        });
        // The decline may have emptied the wave: the next one goes out now, not at the next sweep.
        const advanced = await dispatcher.advance(transaction, request);
        // A new wave or a new status was already announced by the dispatcher; otherwise say what changed.
        const announced = advanced.status !== request.status || advanced.waveNumber !== request.waveNumber;
        if (!announced) await publishLiveEvents(transaction, [requestUpdated(advanced, { declined: true })]);
        return toOffer(declined, advanced);
      });
    },
  };
}

export type OffersService = ReturnType<typeof createOffersService>;
