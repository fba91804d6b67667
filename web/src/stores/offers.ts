import { AcceptResult, DeclineBody, Offer } from '@ponte/shared';
import { defineStore } from 'pinia';
import { onScopeDispose, ref, watch } from 'vue';
import { z } from 'zod';
import { api, ApiError } from '@/api/client';
import { loadWithCopy } from '@/pwa/offline-copy';
import { useLiveStore, type LiveEvent } from '@/stores/live';
import { useSessionStore } from '@/stores/session';

export type AcceptOutcome = z.infer<typeof AcceptResult>;

/**
 * Why an offer left the inbox without the mediator answering it: `taken` (withdrawn: someone else
 * accepted, or the request was cancelled or assigned by hand), `clash` (withdrawn because the mediator
 * accepted another job at that time) or `expired`.
 */
export type OfferNoticeKind = 'taken' | 'clash' | 'expired';
export interface OfferNotice {
  /** Unique per notice, for list keys and dismissal. */
  key: number;
  kind: OfferNoticeKind;
  offer: Offer;
}

const offerPath = (id: string) => `/api/offers/${encodeURIComponent(id)}`;
const MAX_NOTICES = 5;

/**
 * The mediator's pending offers, kept live: `offer.created` re-fetches the inbox, `offer.withdrawn` and
 * `offer.expired` take the offer out at once and leave a notice saying why (the inbox reads notices
 * aloud), `resync` re-fetches.
 */
export const useOffersStore = defineStore('offers', () => {
  const items = ref<Offer[]>([]);
  const loaded = ref(false);
  const notices = ref<OfferNotice[]>([]);
  /** When the list on screen is the copy kept from the last load (offline), the time of that load. */
  const offlineSince = ref<Date | null>(null);
  let noticeKey = 0;
  let fetchGeneration = 0;
  // Offers that left by a live event: a list fetched just before must not bring them back.
  const gone = new Set<string>();

  function notify(kind: OfferNoticeKind, offer: Offer) {
    notices.value = [...notices.value, { key: ++noticeKey, kind, offer }].slice(-MAX_NOTICES);
  }

  function dismissNotice(key: number) {
    notices.value = notices.value.filter((notice) => notice.key !== key);
  }

  /** Takes an offer out of the inbox; with a kind, says why. Returns the offer if it was there. */
  function remove(id: string, kind?: OfferNoticeKind): Offer | undefined {
    gone.add(id);
    const offer = items.value.find((item) => item.id === id);
    if (!offer) return undefined;
    items.value = items.value.filter((item) => item.id !== id);
    if (kind) notify(kind, offer);
    return offer;
  }

  async function fetchPendingNow(): Promise<void> {
    const generation = ++fetchGeneration;
    const { value: list, savedAt } = await loadWithCopy(useSessionStore().user?.id, 'offers', z.array(Offer), () =>
      api.request('GET', '/api/offers', { query: { status: 'pending' }, schema: z.array(Offer) }),
    );
    if (generation !== fetchGeneration) return;
    offlineSince.value = savedAt;
    items.value = list.filter((offer) => !gone.has(offer.id));
    loaded.value = true;
  }

  let inFlight: Promise<void> | undefined;
  /**
   * The pending offers, fresh: callers at the same moment (the inbox, the header's count, the home page)
   * share one request — a phone on a slow network pays for the list once.
   */
  function fetchPending(): Promise<void> {
    inFlight ??= fetchPendingNow().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  }

  /** A live change: a request already on its way may have left before it, so one more follows it. */
  function refetchAfterChange(): Promise<void> {
    return inFlight ? inFlight.catch(() => undefined).then(fetchPending) : fetchPending();
  }

  /** The pending offers, fetched once unless already loaded. */
  function ensureLoaded(): Promise<void> {
    return loaded.value ? Promise.resolve() : fetchPending();
  }

  /** One offer, whatever its status (the link in an email may be old): null when it is not the caller's. */
  async function fetchOne(id: string): Promise<Offer | null> {
    const list = await api.request('GET', '/api/offers', { schema: z.array(Offer) });
    return list.find((offer) => offer.id === id) ?? null;
  }

  /**
   * Accepts an offer. On 409 (taken, expired, or the mediator is busy then) the offer leaves the inbox
   * and the error goes to the caller, who says which it was.
   */
  async function accept(id: string): Promise<AcceptOutcome> {
    try {
      const result = await api.request('POST', `${offerPath(id)}/accept`, { schema: AcceptResult });
      remove(id);
      return result;
    } catch (error) {
      // Busy: the offer is still open (the mediator may decline it); any other refusal ends it.
      if (error instanceof ApiError && (error.code === 'OFFER_UNAVAILABLE' || error.status === 404)) remove(id);
      throw error;
    }
  }

  async function decline(id: string, reason?: string): Promise<Offer> {
    const body: z.input<typeof DeclineBody> = reason ? { reason } : {};
    try {
      const result = await api.request('POST', `${offerPath(id)}/decline`, { body, schema: Offer });
      remove(id);
      return result;
    } catch (error) {
      if (error instanceof ApiError && (error.status === 409 || error.status === 404)) remove(id);
      throw error;
    }
  }

  function handleLiveEvent(event: LiveEvent) {
    switch (event.name) {
      case 'offer.created':
      case 'resync':
        void refetchAfterChange().catch(() => undefined);
        break;
      case 'offer.withdrawn':
        if (event.data.id) remove(event.data.id, event.data.reason === 'mediator_busy' ? 'clash' : 'taken');
        break;
      case 'offer.expired':
        if (event.data.id) remove(event.data.id, 'expired');
        break;
      default:
        break;
    }
  }

  // Another person signing in on this device must not see the last one's offers.
  watch(
    () => useSessionStore().user?.id,
    () => {
      fetchGeneration += 1;
      items.value = [];
      notices.value = [];
      loaded.value = false;
      offlineSince.value = null;
      gone.clear();
    },
  );

  const stopListening = useLiveStore().on(handleLiveEvent);
  onScopeDispose(stopListening);

  return {
    items,
    loaded,
    notices,
    offlineSince,
    fetchPending,
    ensureLoaded,
    fetchOne,
    accept,
    decline,
    remove,
    dismissNotice,
    handleLiveEvent,
  };
});
