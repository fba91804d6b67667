import type { FundingLine } from '@ponte/shared';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import { api } from '@/api/client';
import { applyLocale, i18n } from '@/i18n';
import { routes } from '@/router';
import { buildDistricts } from '@/testing/factories';
import { fakeFetch, jsonResponse } from '@/testing/http';
import FundingView from './FundingView.vue';

const line: FundingLine = {
  id: '00000000-0000-4000-8000-000000000001',
  name: 'FAMI scuole di Vimercate',
  funder: 'Ministero dell’Interno',
  code: 'PROG-2891',
  from: '2026-09-01',
  to: '2027-06-30',
  organizationIds: [],
  districtIds: ['vimercate'],
  serviceTypes: [],
  overBudget: 'approve',
  budgetMinutes: 2400,
  bookedMinutes: 600,
  deliveredMinutes: 1080,
  remainingMinutes: 720,
  awaitingApproval: 2,
  byMonth: [
    { month: '2026-09', deliveredMinutes: 540, bookedMinutes: 0 },
    { month: '2026-10', deliveredMinutes: 540, bookedMinutes: 0 },
    { month: '2026-11', deliveredMinutes: 0, bookedMinutes: 600 },
  ],
  createdAt: '2026-08-20T10:00:00.000Z',
};

let wrapper: VueWrapper | undefined;

async function mountFunding(server: ReturnType<typeof fakeFetch>) {
  vi.stubGlobal('fetch', server.fetch);
  const pinia = createPinia();
  setActivePinia(pinia);
  const router = createRouter({ history: createMemoryHistory(), routes });
  await router.push('/coordinator/funding');
  await router.isReady();
  wrapper = mount(FundingView, {
    global: { plugins: [pinia, router, i18n], stubs: { ReportChart: true } },
    attachTo: document.body,
  });
  await flushPromises();
  return wrapper;
}

describe('FundingView', () => {
  beforeEach(async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-20T10:00:00+01:00'));
    await applyLocale('it');
    api.setAccessToken('access-1');
  });
  afterEach(() => {
    wrapper?.unmount();
    vi.useRealTimers();
    api.setAccessToken(null);
  });

  const referenceRoutes = {
    'GET /api/districts': () => jsonResponse(200, buildDistricts()),
    'GET /api/organizations': () => jsonResponse(200, { items: [], total: 0 }),
  };

  it('shows each line’s hours, the projected end at the current pace and the burn-down as a table', async () => {
    const view = await mountFunding(
      fakeFetch({ ...referenceRoutes, 'GET /api/funding-lines': () => jsonResponse(200, { items: [line], total: 1 }) }),
    );
    const figures = view.find('.ponte-funding-figures').text();
    expect(figures).toContain('Budget40 ore');
    expect(figures).toContain('Prenotate10 ore');
    expect(figures).toContain('Erogate18 ore');
    expect(figures).toContain('Rimanenti12 ore');
    // 1680 minutes in three months: 560 a month; 720 left → runs out in January.
    expect(view.text()).toContain('Al ritmo attuale le ore finiscono a gennaio 2027.');
    expect(view.text()).toContain('2 richieste in attesa di approvazione');
    const rows = view.findAll('.ponte-report-table tbody tr').map((row) => row.text());
    expect(rows[0]).toContain('settembre 2026');
    expect(rows).toHaveLength(10);
  });

  it('creates a line, the budget typed in hours and sent in minutes', async () => {
    const server = fakeFetch({
      ...referenceRoutes,
      'GET /api/funding-lines': [
        jsonResponse(200, { items: [], total: 0 }),
        jsonResponse(200, { items: [line], total: 1 }),
      ],
      'POST /api/funding-lines': () => jsonResponse(201, line),
    });
    const view = await mountFunding(server);
    expect(view.text()).toContain('Nessuna linea di finanziamento per ora.');
    await view
      .findAll('button')
      .find((button) => button.text() === 'Nuova linea')
      ?.trigger('click');
    await view.find('#line-name').setValue('FAMI scuole di Vimercate');
    await view.find('#line-funder').setValue('Ministero dell’Interno');
    await view.find('#line-from').setValue('2026-09-01');
    await view.find('#line-to').setValue('2027-06-30');
    await view.find('#line-budget').setValue('40');
    await view.find('#line-over-budget').setValue('approve');
    await view.find('form').trigger('submit');
    await flushPromises();
    expect(server.callsTo('POST', '/api/funding-lines')[0]?.body).toMatchObject({
      name: 'FAMI scuole di Vimercate',
      budgetMinutes: 2400,
      overBudget: 'approve',
      districtIds: [],
    });
    expect(view.text()).toContain('Linea «FAMI scuole di Vimercate» salvata.');
    expect(view.text()).toContain('Rimanenti12 ore');
  });
});
