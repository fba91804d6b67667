import type { Offer } from '@ponte/shared';
import { useI18n } from 'vue-i18n';
import { ApiError } from '@/api/client';
import type { FormMessage } from '@/lib/form-errors';
import { useOffersStore } from '@/stores/offers';
import { messageForFailure } from '@/lib/form-errors';
import { useFormatters } from './use-formatters';
import { useLabels } from './use-labels';
import { useLanguages } from '@/stores/reference';

export type OfferOutcome = 'accepted' | 'declined' | 'taken' | 'expired' | 'busy' | 'failed';

export interface OfferResult {
  outcome: OfferOutcome;
  variant: 'success' | 'info' | 'warning' | 'danger';
  message: FormMessage;
  /** Set when the offer became an assignment: where to go next. */
  requestId?: string;
}

/**
 * Accept or decline an offer and say honestly what happened: it is yours; someone else was quicker;
 * it expired; you are already booked then; or the service could not be reached (try again).
 */
export function useOfferResults() {
  const { t } = useI18n();
  const offers = useOffersStore();
  const format = useFormatters();
  const labels = useLabels();
  const { languageName } = useLanguages();

  /** "Accoglienza a scuola, Arabo, martedì 1 dicembre alle 09:30": names an offer in a sentence. */
  function summarize(offer: Offer): string {
    return t('mediator.offer.summary', {
      service: labels.serviceType(offer.request.serviceType),
      language: languageName(offer.request.languageCode),
      day: format.day(offer.request.startsAt),
      time: format.time(offer.request.startsAt),
    });
  }

  /** `reason`: why the mediator declines, when they said. */
  async function respond(offer: Offer, action: 'accept' | 'decline', reason?: string): Promise<OfferResult> {
    const params = { offer: summarize(offer) };
    try {
      if (action === 'accept') {
        const accepted = await offers.accept(offer.id);
        return {
          outcome: 'accepted',
          variant: 'success',
          message: { key: 'mediator.inbox.accepted', params },
          requestId: accepted.request.id,
        };
      }
      await offers.decline(offer.id, reason);
      return { outcome: 'declined', variant: 'info', message: { key: 'mediator.inbox.declined', params } };
    } catch (failure) {
      if (failure instanceof ApiError && (failure.code === 'OFFER_UNAVAILABLE' || failure.status === 404)) {
        // The API does not say which: past its expiry it expired, before that someone else took it.
        const expired = Date.parse(offer.expiresAt) <= Date.now();
        return {
          outcome: expired ? 'expired' : 'taken',
          variant: 'warning',
          message: { key: expired ? 'mediator.inbox.expired' : 'mediator.inbox.taken', params },
        };
      }
      if (failure instanceof ApiError && failure.code === 'MEDIATOR_BUSY') {
        return { outcome: 'busy', variant: 'warning', message: { key: 'mediator.inbox.busy', params } };
      }
      if (!(failure instanceof ApiError)) console.error(failure);
      return { outcome: 'failed', variant: 'danger', message: messageForFailure(failure) };
    }
  }

  return { summarize, respond };
}
