import type { CaseExclusion } from '@ponte/shared';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { api } from '@/api/client';
import { applyLocale, i18n } from '@/i18n';
import { buildOrganization } from '@/testing/factories';
import { fakeFetch, jsonResponse, noContent, problemResponse } from '@/testing/http';
import CaseExclusionsPanel from './CaseExclusionsPanel.vue';
import { ids } from './test-factories';

const school = buildOrganization({ id: ids.organization, name: 'Tutela Minori Trezzo' });
const exclusion = (overrides: Partial<CaseExclusion> = {}): CaseExclusion => ({
  id: '5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d',
  mediatorId: ids.mediator,
  mediatorName: 'Amina El Idrissi',
  organizationId: ids.organization,
  organizationName: 'Tutela Minori Trezzo',
  caseRef: 'TM-2026-014',
  reason: 'È la cugina della madre',
  createdBy: null,
  createdAt: '2026-11-20T10:00:00Z',
  ...overrides,
});
const listPath = `GET /api/case-exclusions`;

let wrapper: VueWrapper | undefined;

async function mountPanel(routes: Parameters<typeof fakeFetch>[0]) {
  const server = fakeFetch({ 'GET /api/organizations': [jsonResponse(200, { items: [school], total: 1 })], ...routes });
  vi.stubGlobal('fetch', server.fetch);
  setActivePinia(createPinia());
  wrapper = mount(CaseExclusionsPanel, {
    props: { mediatorId: ids.mediator },
    global: { plugins: [i18n] },
    attachTo: document.body,
  });
  await flushPromises();
  return server;
}

describe('CaseExclusionsPanel', () => {
  beforeEach(async () => {
    api.setAccessToken(null);
    await applyLocale('it');
  });
  afterEach(() => wrapper?.unmount());

  it('lists the organization and case reference of each exclusion, never the reason written about the family', async () => {
    const server = await mountPanel({ [listPath]: [jsonResponse(200, { items: [exclusion()], total: 1 })] });
    expect(server.calls[0]?.path).toBe('/api/case-exclusions');
    const row = wrapper!.find('tbody tr');
    expect(row.findAll('td').map((cell) => cell.text())[0]).toBe('Tutela Minori Trezzo');
    expect(row.findAll('td').map((cell) => cell.text())[1]).toBe('TM-2026-014');
    expect(wrapper!.text()).not.toContain('cugina');
  });

  it('removes an exclusion', async () => {
    const server = await mountPanel({
      [listPath]: [jsonResponse(200, { items: [exclusion()], total: 1 })],
      [`DELETE /api/case-exclusions/${exclusion().id}`]: [noContent()],
    });
    await wrapper!.find('tbody button').trigger('click');
    await flushPromises();
    expect(server.callsTo('DELETE', `/api/case-exclusions/${exclusion().id}`)).toHaveLength(1);
    expect(wrapper!.find('tbody').exists()).toBe(false);
    expect(wrapper!.find('[role="status"]').text()).toBe('Esclusione da TM-2026-014 tolta.');
  });

  it('adds one: asks for both fields, then sends the case', async () => {
    const server = await mountPanel({
      [listPath]: [jsonResponse(200, { items: [], total: 0 })],
      'POST /api/case-exclusions': [jsonResponse(201, exclusion({ caseRef: 'TM-9' }))],
    });
    expect(wrapper!.text()).toContain('Nessun caso escluso.');
    await wrapper!.find('form').trigger('submit');
    await flushPromises();
    expect(server.callsTo('POST', '/api/case-exclusions')).toHaveLength(0);
    expect(wrapper!.find('#case-exclusion-caseRef-error').text()).toBe('Campo obbligatorio');

    await wrapper!.find('#case-exclusion-organization').setValue(ids.organization);
    await wrapper!.find('#case-exclusion-caseRef').setValue(' TM-9 ');
    await wrapper!.find('form').trigger('submit');
    await flushPromises();
    expect(server.callsTo('POST', '/api/case-exclusions')[0]?.body).toEqual({
      mediatorId: ids.mediator,
      organizationId: ids.organization,
      caseRef: 'TM-9',
    });
    expect(wrapper!.find('tbody td:nth-child(2)').text()).toBe('TM-9');
  });

  it('says so when the mediator is already excluded from that case', async () => {
    await mountPanel({
      [listPath]: [jsonResponse(200, { items: [], total: 0 })],
      'POST /api/case-exclusions': [problemResponse(409, 'CONFLICT')],
    });
    await wrapper!.find('#case-exclusion-organization').setValue(ids.organization);
    await wrapper!.find('#case-exclusion-caseRef').setValue('TM-1');
    await wrapper!.find('form').trigger('submit');
    await flushPromises();
    const alert = wrapper!.find('[role="alert"]');
    expect(alert.text()).toContain('Questa persona è già esclusa da quel caso.');
    expect(document.activeElement).toBe(alert.element);
  });
});
