import { flushPromises, type VueWrapper } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { api } from '@/api/client';
import { buildRequestSummary, ids, languages } from '@/components/coordinator/test-factories';
import { applyLocale } from '@/i18n';
import { setEventSourceFactory } from '@/stores/live';
import { FakeEventSource } from '@/testing/fake-event-source';
import { buildRequestDetail } from '@/testing/factories';
import { fakeFetch, jsonResponse } from '@/testing/http';
import { mountAt } from '@/testing/mount';
import AwaitingApprovalPanel from './AwaitingApprovalPanel.vue';

const waiting = buildRequestSummary({
  status: 'awaiting_approval',
  overBudget: true,
  fundingLineId: '00000000-0000-4000-8000-000000000001',
  fundingLineName: 'FAMI scuole di Vimercate',
});

describe('AwaitingApprovalPanel', () => {
  let wrapper: VueWrapper | undefined;
  beforeEach(async () => {
    await applyLocale('it');
    setEventSourceFactory((url) => new FakeEventSource(url) as unknown as EventSource);
    api.setAccessToken('access-1');
  });
  afterEach(() => {
    wrapper?.unmount();
    api.setAccessToken(null);
  });

  it('lists the requests over budget with their line, and approves one: the search starts', async () => {
    const server = fakeFetch({
      'GET /api/languages': () => jsonResponse(200, languages),
      'GET /api/requests': [jsonResponse(200, { items: [waiting], total: 1 })],
      [`POST /api/requests/${ids.request}/approve`]: () =>
        jsonResponse(200, buildRequestDetail({ id: ids.request, status: 'searching' })),
    });
    vi.stubGlobal('fetch', server.fetch);
    ({ wrapper } = await mountAt(AwaitingApprovalPanel, '/coordinator'));
    await flushPromises();

    expect(wrapper.text()).toContain('In attesa di approvazione (1)');
    expect(wrapper.text()).toContain('Linea: FAMI scuole di Vimercate');
    const approve = wrapper.findAll('button').find((button) => button.text() === 'Approva');
    await approve?.trigger('click');
    await flushPromises();

    expect(server.callsTo('POST', `/api/requests/${ids.request}/approve`)).toHaveLength(1);
    expect(wrapper.text()).toContain('la ricerca di una mediatrice o un mediatore è partita');
    expect(wrapper.text()).toContain('Nessuna richiesta da approvare.');
  });

  it('rejects with a reason: the request is cancelled', async () => {
    const server = fakeFetch({
      'GET /api/languages': () => jsonResponse(200, languages),
      'GET /api/requests': [jsonResponse(200, { items: [waiting], total: 1 })],
      [`POST /api/requests/${ids.request}/reject`]: () =>
        jsonResponse(200, buildRequestDetail({ id: ids.request, status: 'cancelled' })),
    });
    vi.stubGlobal('fetch', server.fetch);
    ({ wrapper } = await mountAt(AwaitingApprovalPanel, '/coordinator'));
    await flushPromises();
    await wrapper
      .findAll('button')
      .find((button) => button.text() === 'Rifiuta')
      ?.trigger('click');
    await flushPromises();
    expect(server.callsTo('POST', `/api/requests/${ids.request}/reject`)[0]?.body).toEqual({
      reason: 'Ore esaurite sulla linea di finanziamento',
    });
    expect(wrapper.text()).toContain('Richiesta rifiutata');
  });
});
