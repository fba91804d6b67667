import { flushPromises, type VueWrapper } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { api } from '@/api/client';
import { applyLocale } from '@/i18n';
import { buildLanguages, buildRequestDetail, nextUuid } from '@/testing/factories';
import { installFakeEventSource } from '@/testing/fake-event-source';
import { fakeFetch, jsonResponse, problemResponse } from '@/testing/http';
import { mountAs } from '@/testing/mount-as';
import RequestView from './RequestView.vue';

const amina = { id: nextUuid(), fullName: 'Amina El Idrissi', phone: '333 123 4567' };

describe('RequestView', () => {
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

  it('shows the request with its timeline as sentences', async () => {
    const request = buildRequestDetail();
    vi.stubGlobal(
      'fetch',
      fakeFetch({
        [`GET /api/requests/${request.id}`]: [jsonResponse(200, request)],
        'GET /api/languages': () => jsonResponse(200, buildLanguages()),
      }).fetch,
    );
    ({ wrapper } = await mountAs(RequestView, `/requests/${request.id}`));

    expect(wrapper.find('h1').text()).toBe('Accoglienza a scuola · Arabo');
    expect(wrapper.text()).toContain('In cerca');
    expect(wrapper.text()).toContain('In attesa della risposta di 3 mediatrici e mediatori');
    const timeline = wrapper.findAll('.ponte-timeline__text').map((item) => item.text());
    expect(timeline).toEqual(['Richiesta inserita da Marco Brambilla', 'Proposta inviata a 3 mediatrici e mediatori']);
  });

  it('re-fetches the request when a live event names it, and says who accepted', async () => {
    const searching = buildRequestDetail();
    const assigned = buildRequestDetail({
      ...searching,
      status: 'assigned',
      assignedMediator: amina,
      dispatch: { ...searching.dispatch, pendingOffers: 0 },
      timeline: [
        ...searching.timeline,
        {
          at: '2026-11-27T09:03:00.000Z',
          type: 'accepted',
          actor: { userId: nextUuid(), name: 'Amina El Idrissi', role: 'mediator' },
          data: {},
        },
      ],
    });
    const server = fakeFetch({
      [`GET /api/requests/${searching.id}`]: [jsonResponse(200, searching), jsonResponse(200, assigned)],
      'GET /api/languages': () => jsonResponse(200, buildLanguages()),
    });
    vi.stubGlobal('fetch', server.fetch);
    ({ wrapper } = await mountAs(RequestView, `/requests/${searching.id}`));
    expect(server.callsTo('GET', `/api/requests/${searching.id}`)).toHaveLength(1);

    // Another request of the organization changed: nothing to re-read here.
    const other = nextUuid();
    live.emit('request.updated', { id: other, requestId: other, status: 'assigned' }, 11);
    await flushPromises();
    expect(server.callsTo('GET', `/api/requests/${searching.id}`)).toHaveLength(1);

    live.emit('request.updated', { id: searching.id, requestId: searching.id, status: 'assigned' }, 12);

    await vi.waitFor(() => expect(wrapper?.text()).toContain('Accettata da Amina El Idrissi'));
    expect(server.callsTo('GET', `/api/requests/${searching.id}`)).toHaveLength(2);
    expect(wrapper.find('.ponte-status').text()).toBe('Assegnata');
    const call = wrapper.find('a[href^="tel:"]');
    expect(call.attributes('href')).toBe('tel:+393331234567');
    expect(call.text()).toContain('Chiama Amina El Idrissi');
    expect(wrapper.find('[aria-live="polite"]').text()).toBe('Richiesta accettata da Amina El Idrissi');
  });

  it('re-fetches after a resync (events were missed while offline)', async () => {
    const request = buildRequestDetail();
    const server = fakeFetch({
      [`GET /api/requests/${request.id}`]: () => jsonResponse(200, request),
      'GET /api/languages': () => jsonResponse(200, buildLanguages()),
    });
    vi.stubGlobal('fetch', server.fetch);
    ({ wrapper } = await mountAs(RequestView, `/requests/${request.id}`));

    live.emit('resync', {});

    await vi.waitFor(() => expect(server.callsTo('GET', `/api/requests/${request.id}`)).toHaveLength(2));
  });

  it('warns that cancelling an assigned request less than 24 h ahead is late, and sends the reason', async () => {
    const startsAt = new Date(Date.now() + 3 * 60 * 60 * 1000).toISOString();
    const request = buildRequestDetail({ status: 'assigned', assignedMediator: amina, startsAt });
    const cancelled = {
      ...request,
      status: 'cancelled' as const,
      lateCancellation: true,
      cancelReason: 'La famiglia ha spostato l’incontro',
    };
    const server = fakeFetch({
      [`GET /api/requests/${request.id}`]: [jsonResponse(200, request)],
      [`POST /api/requests/${request.id}/cancel`]: [jsonResponse(200, cancelled)],
      'GET /api/languages': () => jsonResponse(200, buildLanguages()),
    });
    vi.stubGlobal('fetch', server.fetch);
    ({ wrapper } = await mountAs(RequestView, `/requests/${request.id}`));

    await wrapper.find('button[aria-controls="cancel-form"]').trigger('click');
    expect(document.activeElement).toBe(wrapper.find('#cancel-reason').element);
    expect(wrapper.find('.alert-warning').text()).toContain('sarà registrato come tardivo');

    await wrapper.find('#cancel-form').trigger('submit');
    expect(wrapper.find('#cancel-reason-error').text()).toBe('Campo obbligatorio');
    expect(server.callsTo('POST', `/api/requests/${request.id}/cancel`)).toHaveLength(0);

    await wrapper.find('#cancel-reason').setValue('La famiglia ha spostato l’incontro');
    await wrapper.find('#cancel-form').trigger('submit');
    await flushPromises();

    expect(server.callsTo('POST', `/api/requests/${request.id}/cancel`)[0]?.body).toEqual({
      reason: 'La famiglia ha spostato l’incontro',
    });
    expect(wrapper.text()).toContain('Annullamento tardivo');
    const result = wrapper.find('[role="status"][tabindex="-1"]');
    expect(result.text()).toBe('Richiesta annullata.');
    expect(document.activeElement).toBe(result.element);
    expect(wrapper.find('#cancel-form').exists()).toBe(false);
  });

  it('shows where the request stands when it moved on before the cancellation arrived (409)', async () => {
    const request = buildRequestDetail({ status: 'searching' });
    const completed = { ...request, status: 'expired' as const };
    const server = fakeFetch({
      [`GET /api/requests/${request.id}`]: [jsonResponse(200, request), jsonResponse(200, completed)],
      [`POST /api/requests/${request.id}/cancel`]: [
        problemResponse(409, 'INVALID_TRANSITION', { detail: 'A request that is expired cannot be cancelled' }),
      ],
      'GET /api/languages': () => jsonResponse(200, buildLanguages()),
    });
    vi.stubGlobal('fetch', server.fetch);
    ({ wrapper } = await mountAs(RequestView, `/requests/${request.id}`));

    await wrapper.find('button[aria-controls="cancel-form"]').trigger('click');
    await wrapper.find('#cancel-reason').setValue('Non serve più');
    await wrapper.find('#cancel-form').trigger('submit');
    await flushPromises();

    expect(server.callsTo('GET', `/api/requests/${request.id}`)).toHaveLength(2);
    const result = wrapper.find('[role="status"][tabindex="-1"]');
    expect(result.text()).toBe('Nel frattempo la richiesta è cambiata: ecco lo stato aggiornato.');
    expect(document.activeElement).toBe(result.element);
    expect(wrapper.find('#cancel-form').exists()).toBe(false);
    expect(wrapper.find('button[aria-controls="cancel-form"]').exists()).toBe(false);
  });

  it('confirms a completed service with a rating and a comment', async () => {
    const request = buildRequestDetail({
      status: 'completed',
      assignedMediator: amina,
      startsAt: '2026-11-20T09:30:00+01:00',
      completion: { actualMinutes: 75, outcome: 'done', note: null, completedAt: '2026-11-20T10:50:00+01:00' },
    });
    const confirmed = {
      ...request,
      confirmation: { confirmed: true, rating: 5, comment: 'Molto utile', at: '2026-11-21T08:00:00.000Z' },
    };
    const server = fakeFetch({
      [`GET /api/requests/${request.id}`]: [jsonResponse(200, request)],
      [`POST /api/requests/${request.id}/confirm`]: [jsonResponse(200, confirmed)],
      'GET /api/languages': () => jsonResponse(200, buildLanguages()),
    });
    vi.stubGlobal('fetch', server.fetch);
    ({ wrapper } = await mountAs(RequestView, `/requests/${request.id}`));
    expect(wrapper.text()).toContain('1 h 15 min');

    await wrapper.find('#confirmed-0').setValue(true);
    await wrapper.find('#rating-4').setValue(true);
    await wrapper.find('#confirm-comment').setValue('Molto utile');
    await wrapper.find('form').trigger('submit');
    await flushPromises();

    expect(server.callsTo('POST', `/api/requests/${request.id}/confirm`)[0]?.body).toEqual({
      confirmed: true,
      rating: 5,
      comment: 'Molto utile',
    });
    expect(wrapper.text()).toContain('Grazie: hai confermato il servizio.');
    expect(wrapper.text()).toContain('5 su 5');
  });

  it('asks what went wrong before sending a dispute, then says the problem was reported', async () => {
    const request = buildRequestDetail({
      status: 'completed',
      assignedMediator: amina,
      startsAt: '2026-11-20T09:30:00+01:00',
      completion: { actualMinutes: 240, outcome: 'done', note: null, completedAt: '2026-11-20T10:50:00+01:00' },
    });
    const disputed = {
      ...request,
      confirmation: {
        confirmed: false,
        rating: null,
        comment: 'È durato un’ora, non quattro',
        at: '2026-11-21T08:00:00.000Z',
      },
    };
    const server = fakeFetch({
      [`GET /api/requests/${request.id}`]: [jsonResponse(200, request)],
      [`POST /api/requests/${request.id}/confirm`]: [jsonResponse(200, disputed)],
      'GET /api/languages': () => jsonResponse(200, buildLanguages()),
    });
    vi.stubGlobal('fetch', server.fetch);
    ({ wrapper } = await mountAs(RequestView, `/requests/${request.id}`));
    // Four hours reported for a booking of one: the booked length stands beside it.
    expect(wrapper.find('section[aria-labelledby="completion-heading"]').text()).toContain('4 h (previsti 1 h)');

    await wrapper.find('#confirmed-1').setValue(true);
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(server.callsTo('POST', `/api/requests/${request.id}/confirm`)).toHaveLength(0);
    const comment = wrapper.find('#confirm-comment');
    expect(comment.attributes('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(comment.element);
    expect(wrapper.text()).toContain('Scrivi che cosa non ha funzionato');

    await comment.setValue('È durato un’ora, non quattro');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(server.callsTo('POST', `/api/requests/${request.id}/confirm`)[0]?.body).toEqual({
      confirmed: false,
      comment: 'È durato un’ora, non quattro',
    });
    expect(wrapper.find('.ponte-status-card').text()).toContain('Hai segnalato un problema con questo servizio');
  });

  it('says a new request was recorded even when nobody can cover it yet', async () => {
    const request = buildRequestDetail({ status: 'unfilled' });
    vi.stubGlobal(
      'fetch',
      fakeFetch({
        [`GET /api/requests/${request.id}`]: [jsonResponse(200, request)],
        'GET /api/languages': () => jsonResponse(200, buildLanguages()),
      }).fetch,
    );
    ({ wrapper } = await mountAs(RequestView, `/requests/${request.id}?created=1`));

    expect(wrapper.find('.alert-warning[role="status"]').text()).toContain(
      'Richiesta registrata, ma per ora nessuna mediatrice o mediatore disponibile può coprirla',
    );
    expect(wrapper.find('.alert-success').exists()).toBe(false);
  });

  it('says what may help when nobody can cover the request', async () => {
    const request = buildRequestDetail({
      status: 'unfilled',
      mode: 'in_person',
      timeline: [
        {
          at: '2026-11-27T08:00:00.000Z',
          type: 'unfilled',
          actor: null,
          data: { reason: 'no_candidates', matching: { speakers: 4, reasons: { district_not_served: 4 } } },
        },
      ],
    });
    vi.stubGlobal(
      'fetch',
      fakeFetch({
        [`GET /api/requests/${request.id}`]: [jsonResponse(200, request)],
        'GET /api/languages': () => jsonResponse(200, buildLanguages()),
      }).fetch,
    );
    ({ wrapper } = await mountAs(RequestView, `/requests/${request.id}`));

    const card = wrapper.find('.ponte-status-card');
    expect(card.find('h3').text()).toBe('Che cosa può aiutare');
    expect(card.findAll('li').map((item) => item.text())).toEqual([
      'Chi parla la lingua non lavora in presenza in questa zona: una nuova richiesta al telefono o in video può trovare qualcuno.',
    ]);
  });

  it('says so when the request is not the organization’s (404)', async () => {
    const id = nextUuid();
    vi.stubGlobal(
      'fetch',
      fakeFetch({
        [`GET /api/requests/${id}`]: [new Response(null, { status: 404 })],
        'GET /api/languages': () => jsonResponse(200, buildLanguages()),
      }).fetch,
    );
    ({ wrapper } = await mountAs(RequestView, `/requests/${id}`));

    expect(wrapper.text()).toContain('Questa richiesta non esiste o non è della tua organizzazione.');
  });
});
