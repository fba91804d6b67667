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
  });
});
