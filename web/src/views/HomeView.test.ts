import { flushPromises, type VueWrapper } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { applyLocale } from '@/i18n';
import { buildOrganization } from '@/testing/factories';
import { buildMe, fakeFetch, jsonResponse } from '@/testing/http';
import { mountAs } from '@/testing/mount-as';
import HomeView from './HomeView.vue';

describe('HomeView', () => {
  let wrapper: VueWrapper | undefined;

  beforeEach(async () => {
    await applyLocale('it');
  });
  afterEach(() => wrapper?.unmount());

  it('names the requester’s organization, counts its requests in progress and the services waiting for confirmation', async () => {
    const requester = buildMe();
    const organization = buildOrganization({ id: requester.organizationId ?? undefined, name: 'IC Don Milani' });
    vi.stubGlobal(
      'fetch',
      fakeFetch({
        // In progress, then completed and waiting for the requester's confirmation.
        'GET /api/requests': [
          jsonResponse(200, { items: [], total: 3, limit: 1, offset: 0 }),
          jsonResponse(200, { items: [], total: 2, limit: 1, offset: 0 }),
        ],
        [`GET /api/organizations/${requester.organizationId}`]: () => jsonResponse(200, organization),
        [`GET /api/organizations/${requester.organizationId}/budget`]: () =>
          jsonResponse(200, {
            lines: [
              {
                fundingLineId: '00000000-0000-4000-8000-000000000001',
                name: 'le scuole di Vimercate, FAMI 2025-26',
                funder: 'Ministero dell’Interno',
                from: '2025-09-01',
                to: '2026-08-31',
                serviceTypes: [],
                overBudget: 'approve',
                budgetMinutes: 2400,
                bookedMinutes: 600,
                deliveredMinutes: 1080,
                remainingMinutes: 720,
              },
            ],
          }),
      }).fetch,
    );
    ({ wrapper } = await mountAs(HomeView, '/', requester));
    await flushPromises();

    expect(wrapper.find('.ponte-profile').text()).toContain('OrganizzazioneIC Don Milani');
    expect(wrapper.find('.ponte-profile').text()).not.toContain(requester.organizationId);
    expect(wrapper.text()).toContain('3 richieste in corso');
    const toConfirm = wrapper
      .findAll('.ponte-start__item')
      .find((item) => item.text().startsWith('2 servizi da confermare'));
    expect(toConfirm?.attributes('href')).toBe('/requests?status=completed');
    expect(wrapper.text()).toContain('Vi restano 12 ore su 40 per le scuole di Vimercate, FAMI 2025-26');
  });
});
