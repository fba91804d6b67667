import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { nextTick } from 'vue';
import { api, ApiError } from '@/api/client';
import { buildOffer } from '@/testing/factories';
import { installFakeEventSource } from '@/testing/fake-event-source';
import { buildMe, fakeFetch, jsonResponse, problemResponse } from '@/testing/http';
import { useSessionStore } from '@/stores/session';
import { useOffersStore } from './offers';

describe('offers store', () => {
  let live: ReturnType<typeof installFakeEventSource>;

  beforeEach(() => {
    // The live store connects only for a signed-in user.
    api.setAccessToken('access-1');
    setActivePinia(createPinia());
    live = installFakeEventSource();
  });
  afterEach(() => api.setAccessToken(null));

  it('re-fetches the pending offers when a new one is made (offer.created)', async () => {
    const first = buildOffer();
    const second = buildOffer();
    const server = fakeFetch({ 'GET /api/offers': [jsonResponse(200, [first]), jsonResponse(200, [first, second])] });
    vi.stubGlobal('fetch', server.fetch);
    const offers = useOffersStore();
    await offers.fetchPending();
    expect(offers.items.map((offer) => offer.id)).toEqual([first.id]);

    live.emit('offer.created', { id: second.id, requestId: second.request.id, status: 'pending' }, 7);

    await vi.waitFor(() => expect(offers.items.map((offer) => offer.id)).toEqual([first.id, second.id]));
    expect(server.callsTo('GET', '/api/offers')).toHaveLength(2);
    expect(live.latest().url).toContain('access_token=access-1');
  });

  it('asks the server once for callers at the same moment, and once more after a live change during that request', async () => {
    const first = buildOffer();
    const second = buildOffer();
    const server = fakeFetch({ 'GET /api/offers': [jsonResponse(200, [first]), jsonResponse(200, [first, second])] });
    vi.stubGlobal('fetch', server.fetch);
    const offers = useOffersStore();
    const inbox = offers.fetchPending();
    const header = offers.ensureLoaded();
    live.emit('offer.created', { id: second.id, requestId: second.request.id, status: 'pending' }, 8);
    await Promise.all([inbox, header]);
    await vi.waitFor(() => expect(offers.items.map((offer) => offer.id)).toEqual([first.id, second.id]));
    expect(server.callsTo('GET', '/api/offers')).toHaveLength(2);
  });

  it('takes a withdrawn offer out at once, saying it was taken, without asking the server', async () => {
    const taken = buildOffer();
    const kept = buildOffer();
    const server = fakeFetch({ 'GET /api/offers': [jsonResponse(200, [taken, kept])] });
    vi.stubGlobal('fetch', server.fetch);
    const offers = useOffersStore();
    await offers.fetchPending();

    live.emit('offer.withdrawn', { id: taken.id, requestId: taken.request.id, status: 'withdrawn' });

    expect(offers.items.map((offer) => offer.id)).toEqual([kept.id]);
    expect(offers.notices).toMatchObject([{ kind: 'taken', offer: { id: taken.id } }]);
    expect(server.calls).toHaveLength(1);
  });

  it('takes an expired offer out, saying it expired; an event for an unknown offer changes nothing', async () => {
    const expiring = buildOffer();
    vi.stubGlobal('fetch', fakeFetch({ 'GET /api/offers': [jsonResponse(200, [expiring])] }).fetch);
    const offers = useOffersStore();
    await offers.fetchPending();

    live.emit('offer.expired', { id: expiring.id, requestId: expiring.request.id, status: 'expired' });
    live.emit('offer.withdrawn', { id: 'someone-elses-offer', requestId: 'x', status: 'withdrawn' });

    expect(offers.items).toEqual([]);
    expect(offers.notices.map((notice) => notice.kind)).toEqual(['expired']);
  });

  it('does not bring back an offer withdrawn while a re-fetch was on its way', async () => {
    const offer = buildOffer();
    let answer: (response: Response) => void = () => undefined;
    vi.stubGlobal(
      'fetch',
      fakeFetch({ 'GET /api/offers': () => new Promise<Response>((resolve) => (answer = resolve)) }).fetch,
    );
    const offers = useOffersStore();
    const fetching = offers.fetchPending();
    live.emit('offer.withdrawn', { id: offer.id, requestId: offer.request.id, status: 'withdrawn' });
    answer(jsonResponse(200, [offer]));
    await fetching;
    expect(offers.items).toEqual([]);
  });

  it('drops an offer someone else took first (409 OFFER_UNAVAILABLE) but keeps one the mediator is busy for', async () => {
    const gone = buildOffer();
    const clashing = buildOffer();
    vi.stubGlobal(
      'fetch',
      fakeFetch({
        'GET /api/offers': [jsonResponse(200, [gone, clashing])],
        [`POST /api/offers/${gone.id}/accept`]: [problemResponse(409, 'OFFER_UNAVAILABLE')],
        [`POST /api/offers/${clashing.id}/accept`]: [problemResponse(409, 'MEDIATOR_BUSY')],
      }).fetch,
    );
    const offers = useOffersStore();
    await offers.fetchPending();

    await expect(offers.accept(gone.id)).rejects.toMatchObject({ code: 'OFFER_UNAVAILABLE' });
    await expect(offers.accept(clashing.id)).rejects.toBeInstanceOf(ApiError);
    expect(offers.items.map((offer) => offer.id)).toEqual([clashing.id]);
  });
});

describe('offers store across sessions', () => {
  beforeEach(() => {
    api.setAccessToken('access-1');
    setActivePinia(createPinia());
    installFakeEventSource();
  });
  afterEach(() => api.setAccessToken(null));

  it('forgets the offers when another person signs in on the device', async () => {
    vi.stubGlobal('fetch', fakeFetch({ 'GET /api/offers': [jsonResponse(200, [buildOffer()])] }).fetch);
    const session = useSessionStore();
    session.user = buildMe({ role: 'mediator', organizationId: null });
    const offers = useOffersStore();
    await offers.fetchPending();
    expect(offers.items).toHaveLength(1);

    session.user = buildMe({ id: '9f1c2a8e-5b7d-4c1e-9a2b-1d2e3f4a5b6c', role: 'mediator', organizationId: null });
    await nextTick();

    expect(offers.items).toEqual([]);
    expect(offers.loaded).toBe(false);
  });
});
