import { flushPromises, type VueWrapper } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { api } from '@/api/client';
import { applyLocale } from '@/i18n';
import { buildLanguages, buildOffer, buildRequestDetail, MEDIATOR_ID } from '@/testing/factories';
import { installFakeEventSource } from '@/testing/fake-event-source';
import { buildMe, fakeFetch, jsonResponse, problemResponse } from '@/testing/http';
import { mountAs } from '@/testing/mount-as';
import OffersInboxView from './OffersInboxView.vue';

const mediator = buildMe({ role: 'mediator', organizationId: null, mediatorId: MEDIATOR_ID, name: 'Amina El Idrissi' });

describe('OffersInboxView', () => {
  let wrapper: VueWrapper | undefined;
  let live: ReturnType<typeof installFakeEventSource>;

  beforeEach(async () => {
    api.setAccessToken('access-1');
    live = installFakeEventSource();
    await applyLocale('it');
  });
  afterEach(() => {
    wrapper?.unmount();
    api.setAccessToken(null);
  });

  const clickButton = async (view: VueWrapper, text: string) => {
    await view
      .findAll('button')
      .find((button) => button.text() === text)
      ?.trigger('click');
    await flushPromises();
  };

  it('accepts in one tap, says so, links to the assignment and puts the focus on the result', async () => {
    const offer = buildOffer();
    const server = fakeFetch({
      'GET /api/offers': [jsonResponse(200, [offer])],
      [`POST /api/offers/${offer.id}/accept`]: [
        jsonResponse(200, {
          offer: { ...offer, status: 'accepted' },
          request: buildRequestDetail({ id: offer.request.id, status: 'assigned' }),
        }),
      ],
      'GET /api/languages': () => jsonResponse(200, buildLanguages()),
    });
    vi.stubGlobal('fetch', server.fetch);
    ({ wrapper } = await mountAs(OffersInboxView, '/offers', mediator));
    expect(wrapper.find('.ponte-offer').text()).toContain('Arabo');
    expect(wrapper.find('.ponte-offer').text()).toContain('Scade alle');

    await clickButton(wrapper, 'Accetta');

    const result = wrapper.find('.alert-success');
    expect(result.text()).toContain('Incarico accettato: Accoglienza a scuola, Arabo');
    expect(result.find('a').attributes('href')).toBe(`/assignments/${offer.request.id}`);
    expect(document.activeElement).toBe(result.element);
    expect(wrapper.find('.ponte-offer').exists()).toBe(false);
  });

  it('says honestly when someone else was quicker (409 OFFER_UNAVAILABLE)', async () => {
    const offer = buildOffer();
    vi.stubGlobal(
      'fetch',
      fakeFetch({
        'GET /api/offers': [jsonResponse(200, [offer])],
        [`POST /api/offers/${offer.id}/accept`]: [problemResponse(409, 'OFFER_UNAVAILABLE')],
        'GET /api/languages': () => jsonResponse(200, buildLanguages()),
      }).fetch,
    );
    ({ wrapper } = await mountAs(OffersInboxView, '/offers', mediator));

    await clickButton(wrapper, 'Accetta');

    expect(wrapper.find('.alert-warning[role="status"]').text()).toContain(
      'Un’altra mediatrice o un altro mediatore ha già accettato',
    );
    expect(wrapper.find('.ponte-offer').exists()).toBe(false);
  });

  it('says the mediator is already booked then (409 MEDIATOR_BUSY), keeping the offer to decline', async () => {
    const offer = buildOffer();
    vi.stubGlobal(
      'fetch',
      fakeFetch({
        'GET /api/offers': [jsonResponse(200, [offer])],
        [`POST /api/offers/${offer.id}/accept`]: [problemResponse(409, 'MEDIATOR_BUSY')],
        'GET /api/languages': () => jsonResponse(200, buildLanguages()),
      }).fetch,
    );
    ({ wrapper } = await mountAs(OffersInboxView, '/offers', mediator));

    await clickButton(wrapper, 'Accetta');

    expect(wrapper.find('.alert-warning[role="status"]').text()).toContain('hai già un incarico in quell’orario');
    expect(wrapper.find('.ponte-offer').exists()).toBe(true);
  });

  it('asks once more before declining, and sends the reason given', async () => {
    const offer = buildOffer();
    const server = fakeFetch({
      'GET /api/offers': [jsonResponse(200, [offer])],
      [`POST /api/offers/${offer.id}/decline`]: [jsonResponse(200, { ...offer, status: 'declined' })],
      'GET /api/languages': () => jsonResponse(200, buildLanguages()),
    });
    vi.stubGlobal('fetch', server.fetch);
    ({ wrapper } = await mountAs(OffersInboxView, '/offers', mediator));

    await clickButton(wrapper, 'Rifiuta');
    expect(server.callsTo('POST', `/api/offers/${offer.id}/decline`)).toHaveLength(0);
    const reason = wrapper.find('.ponte-offer textarea');
    expect(document.activeElement).toBe(reason.element);
    expect(wrapper.find(`#${reason.attributes('aria-describedby')}`).text()).toBe(
      'Dopo il rifiuto questa richiesta non ti verrà più proposta.',
    );

    await reason.setValue('  Ho un altro impegno a Monza  ');
    await wrapper.find('.ponte-offer form').trigger('submit');
    await flushPromises();

    expect(server.callsTo('POST', `/api/offers/${offer.id}/decline`)[0]?.body).toEqual({
      reason: 'Ho un altro impegno a Monza',
    });
    expect(wrapper.find('.alert-info[role="status"]').text()).toContain(
      'Proposta rifiutata: Accoglienza a scuola, Arabo',
    );
    expect(wrapper.find('.ponte-offer').exists()).toBe(false);
  });

  it('keeps the offer when the mediator goes back, with the focus on Rifiuta again', async () => {
    const offer = buildOffer();
    const server = fakeFetch({
      'GET /api/offers': [jsonResponse(200, [offer])],
      'GET /api/languages': () => jsonResponse(200, buildLanguages()),
    });
    vi.stubGlobal('fetch', server.fetch);
    ({ wrapper } = await mountAs(OffersInboxView, '/offers', mediator));

    await clickButton(wrapper, 'Rifiuta');
    await clickButton(wrapper, 'Torna indietro');

    expect(server.callsTo('POST', `/api/offers/${offer.id}/decline`)).toHaveLength(0);
    expect(wrapper.find('.ponte-offer textarea').exists()).toBe(false);
    expect((document.activeElement as HTMLElement | null)?.textContent?.trim()).toBe('Rifiuta');
  });

  it('says an offer left because it overlaps the job the mediator accepted, not because someone was quicker', async () => {
    const overlapping = buildOffer();
    vi.stubGlobal(
      'fetch',
      fakeFetch({
        'GET /api/offers': [jsonResponse(200, [overlapping])],
        'GET /api/languages': () => jsonResponse(200, buildLanguages()),
      }).fetch,
    );
    ({ wrapper } = await mountAs(OffersInboxView, '/offers', mediator));

    live.emit('offer.withdrawn', {
      id: overlapping.id,
      requestId: overlapping.request.id,
      status: 'withdrawn',
      reason: 'mediator_busy',
    });
    await flushPromises();

    expect(wrapper.find('.ponte-offer').exists()).toBe(false);
    const notice = wrapper.find('.ponte-notices').text();
    expect(notice).toContain('Tolta dalle proposte: Accoglienza a scuola, Arabo');
    expect(notice).toContain('Si sovrappone all’incarico che hai accettato');
    expect(notice).not.toContain('un’altra persona');
  });

  it('shows offers arriving and leaving live, and announces why one left', async () => {
    const first = buildOffer();
    const second = buildOffer({ request: { ...buildOffer().request, languageCode: 'zh' } });
    vi.stubGlobal(
      'fetch',
      fakeFetch({
        'GET /api/offers': [jsonResponse(200, [first]), jsonResponse(200, [first, second])],
        'GET /api/languages': () => jsonResponse(200, buildLanguages()),
      }).fetch,
    );
    ({ wrapper } = await mountAs(OffersInboxView, '/offers', mediator));

    live.emit('offer.created', { id: second.id, requestId: second.request.id, status: 'pending' });
    await vi.waitFor(() => expect(wrapper?.findAll('.ponte-offer')).toHaveLength(2));
    expect(wrapper.text()).toContain('Nuova proposta: Accoglienza a scuola, Cinese');

    live.emit('offer.withdrawn', { id: first.id, requestId: first.request.id, status: 'withdrawn' });
    await flushPromises();
    expect(wrapper.findAll('.ponte-offer')).toHaveLength(1);
    const notices = wrapper.find('.ponte-notices');
    expect(notices.attributes('aria-live')).toBe('polite');
    expect(notices.text()).toContain('Non più disponibile: Accoglienza a scuola, Arabo');
  });
});
