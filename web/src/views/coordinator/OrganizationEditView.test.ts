import { flushPromises, type VueWrapper } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { api } from '@/api/client';
import { ids } from '@/components/coordinator/test-factories';
import { applyLocale } from '@/i18n';
import { fakeFetch, jsonResponse, problemResponse } from '@/testing/http';
import { mountAt } from '@/testing/mount';
import OrganizationEditView from './OrganizationEditView.vue';

/* The edit page's life (useEditedRecord): a record that is not there, a failure and its retry, a new record's first save. */

const districts = [{ id: 'vimercate', name: 'Vimercate', municipalities: ['Arcore', 'Vimercate'] }];
const organization = {
  id: ids.organization,
  name: 'IC Don Milani Vimercate',
  kind: 'school',
  municipality: 'Vimercate',
  districtId: 'vimercate',
  address: 'Via Valcamonica 1',
  phone: null,
  createdAt: '2026-11-01T08:00:00Z',
};

let wrapper: VueWrapper | undefined;

describe('OrganizationEditView', () => {
  beforeEach(async () => {
    api.setAccessToken(null);
    await applyLocale('it');
  });
  afterEach(() => wrapper?.unmount());

  it('says so when the organization does not exist', async () => {
    const fake = fakeFetch({
      'GET /api/districts': [jsonResponse(200, districts)],
      [`GET /api/organizations/${ids.organization}`]: [problemResponse(404, 'NOT_FOUND')],
    });
    vi.stubGlobal('fetch', fake.fetch);
    ({ wrapper } = await mountAt(OrganizationEditView, `/coordinator/organizations/${ids.organization}`));
    await flushPromises();

    expect(wrapper.find('h1').text()).toBe('Organizzazione non trovata');
    expect(wrapper.find('form').exists()).toBe(false);
  });

  it('offers a retry after a failure, then shows the organization', async () => {
    const fake = fakeFetch({
      'GET /api/districts': [jsonResponse(200, districts)],
      [`GET /api/organizations/${ids.organization}`]: [
        problemResponse(500, 'INTERNAL'),
        jsonResponse(200, organization),
      ],
    });
    vi.stubGlobal('fetch', fake.fetch);
    ({ wrapper } = await mountAt(OrganizationEditView, `/coordinator/organizations/${ids.organization}`));
    await flushPromises();
    expect(wrapper.find('form').exists()).toBe(false);

    const retry = wrapper.findAll('button').find((button) => /riprova/i.test(button.text()));
    expect(retry).toBeDefined();
    await retry!.trigger('click');
    await flushPromises();

    expect(wrapper.find('h1').text()).toBe('IC Don Milani Vimercate');
    expect((wrapper.find('#organization-name').element as HTMLInputElement).value).toBe('IC Don Milani Vimercate');
  });

  it('moves a new organization to its own page once saved', async () => {
    const fake = fakeFetch({
      'GET /api/districts': [jsonResponse(200, districts)],
      'POST /api/organizations': [jsonResponse(201, organization)],
      [`GET /api/organizations/${ids.organization}`]: [jsonResponse(200, organization)],
    });
    vi.stubGlobal('fetch', fake.fetch);
    let router;
    ({ wrapper, router } = await mountAt(OrganizationEditView, '/coordinator/organizations/new'));
    await flushPromises();
    expect(wrapper.find('h1').text()).toBe('Nuova organizzazione');

    await wrapper.find('#organization-name').setValue('IC Don Milani Vimercate');
    await wrapper.find('#organization-kind').setValue('school');
    await wrapper.find('#organization-districtId').setValue('vimercate');
    await wrapper.find('#organization-municipality').setValue('Vimercate');
    await wrapper.find('#organization-address').setValue('Via Valcamonica 1');
    await wrapper.find('form').trigger('submit');
    await flushPromises();

    expect(fake.callsTo('POST', '/api/organizations')).toHaveLength(1);
    expect(router.currentRoute.value.fullPath).toBe(`/coordinator/organizations/${ids.organization}?created=1`);
  });
});
