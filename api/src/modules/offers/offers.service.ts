import type { Offer, OfferedSeries, OfferStatus } from '@ponte/shared';
import type { AppContext } from '../../context.js';
import type { OfferRow, RequestRow } from '../../db/schema/index.js';
import { forbidden } from '../../lib/errors.js';
import type { Caller } from '../../plugins/auth.js';
import type { Dispatcher } from '../dispatch/dispatch.service.js';
import { createOfferListQueries } from './offer-list.query.js';

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
function toOffer(offer: OfferShown, request: RequestShown, series: OfferedSeries | null): Offer {
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
    series,
  };
}

/** A mediator's offers: their list, and their answers, which the dispatch module carries out. */
export function createOffersService(context: AppContext, dispatcher: Dispatcher) {
  const { db, clock } = context;

  const offerLists = createOfferListQueries(db);

  function mediatorOf(caller: Caller): string {
    if (caller.role !== 'mediator' || !caller.mediatorId) throw forbidden('Only mediators receive offers');
    return caller.mediatorId;
  }

  const seriesOf = async (offer: OfferRow) => (offer.seriesId ? dispatcher.seriesSummary(db, offer.seriesId) : null);

  return {
    /** The caller's offers as the JSON text of an `Offer[]`, built by the database (see offer-list.query.ts). */
    async list(caller: Caller, status?: OfferStatus): Promise<string> {
      const mediatorId = mediatorOf(caller);
      return status === 'pending' ? offerLists.pending(mediatorId, clock.now()) : offerLists.all(mediatorId, status);
    },

    async accept(caller: Caller, offerId: string) {
      const accepted = await dispatcher.accept(caller, mediatorOf(caller), offerId);
      return {
        offer: toOffer(accepted.offer, accepted.request, await seriesOf(accepted.offer)),
        request: accepted.detail,
      };
    },

    async decline(caller: Caller, offerId: string, reason?: string) {
      const declined = await dispatcher.decline(caller, mediatorOf(caller), offerId, reason);
      return toOffer(declined.offer, declined.request, await seriesOf(declined.offer));
    },
  };
}

export type OffersService = ReturnType<typeof createOffersService>;
