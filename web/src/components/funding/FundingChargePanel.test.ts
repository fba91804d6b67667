import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { api } from '@/api/client';
import { applyLocale, i18n } from '@/i18n';
import { buildRequestDetail } from '@/testing/factories';
import { fakeFetch, jsonResponse } from '@/testing/http';
import FundingChargePanel from './FundingChargePanel.vue';

const lineIds = { fami: '00000000-0000-4000-8000-000000000001', comune: '00000000-0000-4000-8000-000000000002' };
const line = (id: string, name: string) => ({
  id,
  name,
  funder: 'Ente',
  code: null,
  from: '2026-09-01',
  to: '2027-06-30',
  organizationIds: [],
  districtIds: [],
  serviceTypes: [],
  overBudget: 'approve',
  budgetMinutes: 600,
  bookedMinutes: 0,
  deliveredMinutes: 0,
  remainingMinutes: 600,
  awaitingApproval: 0,
  byMonth: [],
  createdAt: '2026-08-01T00:00:00.000Z',
});

describe('FundingChargePanel', () => {
  let wrapper: VueWrapper | undefined;
  beforeEach(async () => {
    await applyLocale('it');
    api.setAccessToken('access-1');
  });
  afterEach(() => {
    wrapper?.unmount();
    api.setAccessToken(null);
  });

  it('moves the charge to another line, and approves a request that waits', async () => {
    const request = buildRequestDetail({
      status: 'awaiting_approval',
      fundingLineId: lineIds.fami,
      fundingLineName: 'FAMI',
      overBudget: true,
    });
    const server = fakeFetch({
      'GET /api/funding-lines': () =>
        jsonResponse(200, { items: [line(lineIds.fami, 'FAMI'), line(lineIds.comune, 'Comune')], total: 2 }),
      [`PATCH /api/requests/${request.id}`]: () =>
        jsonResponse(200, { ...request, fundingLineId: lineIds.comune, fundingLineName: 'Comune', overBudget: false }),
      [`POST /api/requests/${request.id}/approve`]: () => jsonResponse(200, { ...request, status: 'searching' }),
    });
    vi.stubGlobal('fetch', server.fetch);
    const pinia = createPinia();
    setActivePinia(pinia);
    wrapper = mount(FundingChargePanel, { props: { request }, global: { plugins: [pinia, i18n] } });
    await flushPromises();

    expect(wrapper.text()).toMatch(/Linea: FAMI\s+· oltre il budget della linea/);
    await wrapper.find('#request-funding-line').setValue(lineIds.comune);
    await wrapper
      .findAll('button')
      .find((button) => button.text() === 'Sposta l’addebito')
      ?.trigger('click');
    await flushPromises();
    expect(server.callsTo('PATCH', `/api/requests/${request.id}`)[0]?.body).toEqual({ fundingLineId: lineIds.comune });
    expect(wrapper.emitted('changed')).toHaveLength(1);

    await wrapper
      .findAll('button')
      .find((button) => button.text() === 'Approva')
      ?.trigger('click');
    await flushPromises();
    expect(server.callsTo('POST', `/api/requests/${request.id}/approve`)).toHaveLength(1);
    expect(wrapper.text()).toContain('la ricerca di una mediatrice o un mediatore è partita');
  });
});
