import type { FairnessReport, GapsReport, SummaryFigures, SummaryReport, SummaryRow } from '@ponte/shared';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory, createRouter, type Router } from 'vue-router';
import { api } from '@/api/client';
import { ids } from '@/components/coordinator/test-factories';
import { applyLocale, i18n } from '@/i18n';
import { routes } from '@/router';
import { fakeFetch, jsonResponse, problemResponse } from '@/testing/http';
import ReportsView from './ReportsView.vue';

const PERIOD = { from: '2026-09-01T00:00:00+02:00', to: '2027-09-01T00:00:00+02:00' };
const ZERO: SummaryFigures = {
  requests: 0,
  assigned: 0,
  unfilled: 0,
  cancelled: 0,
  lateCancelled: 0,
  completed: 0,
  minutesDelivered: 0,
  medianMinutesToAssign: null,
  p90MinutesToAssign: null,
};

const row = (key: string, label: string, figures: Partial<SummaryFigures>): SummaryRow => ({
  key,
  label,
  ...ZERO,
  ...figures,
});

const byDistrict: SummaryReport = {
  groupBy: 'district',
  ...PERIOD,
  rows: [
    row('trezzo', "Trezzo sull'Adda", {
      requests: 12,
      assigned: 9,
      unfilled: 4,
      cancelled: 2,
      lateCancelled: 1,
      completed: 7,
      minutesDelivered: 750,
      medianMinutesToAssign: 14.5,
      p90MinutesToAssign: 95.2,
    }),
    row('vimercate', 'Vimercate', {
      requests: 1208,
      assigned: 1190,
      completed: 1100,
      minutesDelivered: 1245,
      medianMinutesToAssign: 3,
      p90MinutesToAssign: 12.3,
    }),
  ],
  totals: {
    requests: 1220,
    assigned: 1199,
    unfilled: 4,
    cancelled: 2,
    lateCancelled: 1,
    completed: 1107,
    minutesDelivered: 1995,
    medianMinutesToAssign: 6.5,
    p90MinutesToAssign: 60.1,
  },
};

const byMonth: SummaryReport = {
  groupBy: 'month',
  ...PERIOD,
  rows: [
    row('2026-10', 'ottobre 2026', {
      requests: 4,
      assigned: 3,
      completed: 2,
      minutesDelivered: 180,
      medianMinutesToAssign: 22.5,
      p90MinutesToAssign: 41,
    }),
  ],
  totals: {
    ...ZERO,
    requests: 4,
    assigned: 3,
    completed: 2,
    minutesDelivered: 180,
    medianMinutesToAssign: 22.5,
    p90MinutesToAssign: 41,
  },
};

const gaps: GapsReport = {
  ...PERIOD,
  rows: [
    {
      languageCode: 'ti',
      languageName: 'Tigrino',
      districtId: 'trezzo',
      districtName: "Trezzo sull'Adda",
      unfilled: 7,
      remoteFallbacks: 2,
      topExclusionReasons: [
        { reason: 'district_not_served', count: 9 },
        { reason: 'already_booked', count: 2 },
      ],
    },
    {
      languageCode: 'ps',
      languageName: 'Pashto',
      districtId: 'vimercate',
      districtName: 'Vimercate',
      unfilled: 1,
      remoteFallbacks: 0,
      topExclusionReasons: [{ reason: 'no_mediator_speaks_language', count: 1 }],
    },
    {
      languageCode: 'ar',
      languageName: 'Arabo',
      districtId: 'vimercate',
      districtName: 'Vimercate',
      unfilled: 0,
      remoteFallbacks: 1,
      topExclusionReasons: [],
    },
  ],
};

const fairness: FairnessReport = {
  ...PERIOD,
  gini: 0.4167,
  mediators: [
    { mediatorId: ids.dawit, fullName: 'Dawit Tesfaye', minutesOffered: 600, minutesDelivered: 300 },
    { mediatorId: ids.amina, fullName: 'Amina El Idrissi', minutesOffered: 1200, minutesDelivered: 900 },
    { mediatorId: ids.senait, fullName: 'Senait Berhane', minutesOffered: 300, minutesDelivered: 0 },
  ],
};

const languages = [
  { code: 'ti', nameIt: 'Tigrino', nameEn: 'Tigrinya', dialects: [] },
  { code: 'ps', nameIt: 'Pashto', nameEn: 'Pashto', dialects: [] },
];

const CSV = "\uFEFFCodice ambito;Ambito territoriale;Richieste\r\ntrezzo;Trezzo sull'Adda;12\r\n";
const CSV_NAME = 'ponte-riepilogo-2026-09-01-2027-09-01.csv';

interface SeenRequest {
  path: string;
  query: URLSearchParams;
  accept: string | null;
}

/**
 * The reports API as the fake fetch of testing/http.ts answers it, by path; the summary also by its
 * `groupBy` and `Accept`, which this wrapper records (with the query) before handing the call on.
 */
function reportsServer(
  answers: { summary?: (groupBy: string) => Response; gaps?: () => Response; fairness?: () => Response } = {},
) {
  const seen: SeenRequest[] = [];
  const last = () => seen.at(-1) as SeenRequest;
  const fake = fakeFetch({
    'GET /api/languages': () => jsonResponse(200, languages),
    'GET /api/reports/summary': () => {
      const { query, accept } = last();
      if (accept === 'text/csv') {
        return new Response(CSV, {
          status: 200,
          headers: {
            'Content-Type': 'text/csv; charset=utf-8',
            'Content-Disposition': `attachment; filename="${CSV_NAME}"`,
          },
        });
      }
      const groupBy = query.get('groupBy') ?? 'month';
      if (answers.summary) return answers.summary(groupBy);
      if (groupBy === 'month') return jsonResponse(200, byMonth);
      // The whole school year for the table; one month at a time for the stacked bars (only October has hours).
      if (query.get('from') === '2026-09-01' && query.get('to') === '2027-09-01') return jsonResponse(200, byDistrict);
      return jsonResponse(200, { ...byDistrict, rows: query.get('from') === '2026-10-01' ? [byDistrict.rows[0]] : [] });
    },
    'GET /api/reports/gaps': () => (answers.gaps ? answers.gaps() : jsonResponse(200, gaps)),
    'GET /api/reports/fairness': () => (answers.fairness ? answers.fairness() : jsonResponse(200, fairness)),
    'POST /api/auth/refresh': () => jsonResponse(200, { accessToken: 'access-2', expiresIn: 900 }),
  });
  const fetch = (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input), 'http://ponte.test');
    seen.push({ path: url.pathname, query: url.searchParams, accept: new Headers(init.headers).get('Accept') });
    return fake.fetch(input, init);
  };
  const summaryCalls = () => seen.filter((request) => request.path === '/api/reports/summary');
  return { fetch, seen, summaryCalls, fake };
}

let wrapper: VueWrapper | undefined;

/** The view at an address, with the app's plugins; the chart is stubbed (jsdom has no canvas to draw on). */
async function mountReports(
  path = '/coordinator/reports?from=2026-09-01&to=2027-08-31&groupBy=district',
): Promise<{ view: VueWrapper; router: Router }> {
  const pinia = createPinia();
  setActivePinia(pinia);
  const router = createRouter({ history: createMemoryHistory(), routes });
  await router.push(path);
  await router.isReady();
  wrapper = mount(ReportsView, {
    global: { plugins: [pinia, router, i18n], stubs: { ReportChart: true } },
    attachTo: document.body,
  });
  await flushPromises();
  return { view: wrapper, router };
}

const cellsOf = (view: VueWrapper, selector: string) =>
  view.findAll(`${selector} th, ${selector} td`).map((cell) => cell.text());

describe('ReportsView', () => {
  beforeEach(async () => {
    await applyLocale('it');
    api.setAccessToken('access-1');
  });
  afterEach(() => {
    wrapper?.unmount();
    wrapper = undefined;
    api.setAccessToken(null);
    vi.useRealTimers();
  });

  it('shows the summary figures and the period totals: time delivered in hours and minutes as in the whole app (not “1,3”), minutes to assign with an Italian decimal comma', async () => {
    const server = reportsServer();
    vi.stubGlobal('fetch', server.fetch);
    const { view } = await mountReports();

    const table = view.find('#report-summary table');
    expect(table.find('caption').text()).toBe(
      'Riepilogo per ambito territoriale, dal 1 settembre 2026 al 31 agosto 2027',
    );
    expect(table.findAll('thead th').every((cell) => cell.attributes('scope') === 'col')).toBe(true);
    expect(table.findAll('tbody th').every((cell) => cell.attributes('scope') === 'row')).toBe(true);
    expect(cellsOf(view, '#report-summary tbody tr:first-child')).toEqual([
      "Trezzo sull'Adda",
      '12',
      '9',
      '4',
      '2',
      '1',
      '7',
      '12 h 30 min',
      '14,5',
      '95,2',
    ]);
    expect(cellsOf(view, '#report-summary tbody tr:last-child')).toEqual([
      'Vimercate',
      '1208',
      '1190',
      '0',
      '0',
      '0',
      '1100',
      '20 h 45 min',
      '3,0',
      '12,3',
    ]);
    expect(cellsOf(view, '#report-summary tfoot tr')).toEqual([
      'Totale del periodo',
      '1220',
      '1199',
      '4',
      '2',
      '1',
      '1107',
      '33 h 15 min',
      '6,5',
      '60,1',
    ]);

    // The period went to the API as dates with the last day excluded.
    const tableCall = server
      .summaryCalls()
      .find((call) => call.query.get('groupBy') === 'district' && call.query.get('from') === '2026-09-01');
    expect(tableCall?.query.get('to')).toBe('2027-09-01');
  });

  it('cuts the summary another way on choice, keeping the cut in the address', async () => {
    const server = reportsServer();
    vi.stubGlobal('fetch', server.fetch);
    const { view, router } = await mountReports();
    const before = server.seen.length;

    await view.find('#report-group-by').setValue('month');
    await flushPromises();

    expect(router.currentRoute.value.query.groupBy).toBe('month');
    // Only the table is asked again; the charts, gaps and fairness do not depend on the cut.
    expect(server.seen.slice(before).map((request) => `${request.path}?${request.query.get('groupBy')}`)).toEqual([
      '/api/reports/summary?month',
    ]);
    expect(view.find('#report-summary thead th').text()).toBe('Mese');
    expect(cellsOf(view, '#report-summary tbody tr')).toEqual([
      'ottobre 2026',
      '4',
      '3',
      '0',
      '0',
      '0',
      '2',
      '3 h',
      '22,5',
      '41,0',
    ]);
  });

  it('writes numbers the English way in English', async () => {
    vi.stubGlobal('fetch', reportsServer().fetch);
    await applyLocale('en');
    const { view } = await mountReports();
    expect(cellsOf(view, '#report-summary tfoot tr')).toEqual([
      'Period total',
      '1,220',
      '1,199',
      '4',
      '2',
      '1',
      '1,107',
      '33 h 15 min',
      '6.5',
      '60.1',
    ]);
    expect(view.find('#report-gaps tbody th').text()).toBe(
      "Tigrinya in Trezzo sull'Adda: 7 unfilled requests — mostly, those who speak it do not serve the district · 2 in-person requests went by phone or video",
    );
  });

  it('downloads the same rows as CSV: asks for text/csv with the period and the cut, and saves the file under the server’s name', async () => {
    const server = reportsServer();
    vi.stubGlobal('fetch', server.fetch);
    const createObjectURL = vi.fn((_blob: Blob) => 'blob:http://ponte.test/report');
    Object.defineProperty(URL, 'createObjectURL', { value: createObjectURL, configurable: true, writable: true });
    Object.defineProperty(URL, 'revokeObjectURL', { value: vi.fn(), configurable: true, writable: true });
    const clicked: { href: string; download: string }[] = [];
    const recordDownload = (event: Event) => {
      if (event.target instanceof HTMLAnchorElement) {
        clicked.push({ href: event.target.getAttribute('href') ?? '', download: event.target.download });
        event.preventDefault();
      }
    };
    document.addEventListener('click', recordDownload, true);
    try {
      const { view } = await mountReports();
      const button = view.findAll('button').find((candidate) => candidate.text() === 'Scarica CSV');
      await button?.trigger('click');
      await flushPromises();

      const csvCall = server.seen.find((request) => request.accept === 'text/csv');
      expect(csvCall?.path).toBe('/api/reports/summary');
      expect(Object.fromEntries(csvCall?.query ?? [])).toEqual({
        from: '2026-09-01',
        to: '2027-09-01',
        groupBy: 'district',
      });
      expect(server.fake.callsTo('GET', '/api/reports/summary').at(-1)?.authorization).toBe('Bearer access-1');
      expect(createObjectURL).toHaveBeenCalledTimes(1);
      // Byte for byte, the byte-order mark included (spreadsheets need it to read the accents).
      const saved = new Uint8Array(await (createObjectURL.mock.calls[0]?.[0] as Blob).arrayBuffer());
      expect([...saved]).toEqual([...new TextEncoder().encode(CSV)]);
      expect(clicked).toEqual([{ href: 'blob:http://ponte.test/report', download: CSV_NAME }]);
      expect(view.find('[role="status"]').text()).toBe(`File CSV scaricato: ${CSV_NAME}`);
    } finally {
      document.removeEventListener('click', recordDownload, true);
      Reflect.deleteProperty(URL, 'createObjectURL');
      Reflect.deleteProperty(URL, 'revokeObjectURL');
    }
  });

  it('says each coverage gap in a sentence, with the reasons in the screens’ words', async () => {
    vi.stubGlobal('fetch', reportsServer().fetch);
    const { view } = await mountReports();

    const sentences = view.findAll('#report-gaps tbody th').map((cell) => cell.text());
    expect(sentences).toEqual([
      "Tigrino a Trezzo sull'Adda: 7 richieste scoperte — per lo più chi parla la lingua non serve l’ambito · 2 richieste in presenza passate al telefono o in video",
      'Pashto a Vimercate: 1 richiesta scoperta — nessuna mediatrice o mediatore parla la lingua',
      'Arabo a Vimercate: 1 richiesta in presenza passata al telefono o in video',
    ]);
    expect(
      view
        .findAll('#report-gaps tbody tr:first-child td')
        .map((cell) => cell.text())
        .slice(0, 2),
    ).toEqual(['7', '2']);
    const reasons = view.findAll('#report-gaps tbody tr:first-child li').map((item) => item.text());
    expect(reasons).toEqual(['Non copre l’ambito territoriale (9)', 'Ha già un incarico in quell’orario (2)']);
    expect(view.find('#report-gaps tbody tr:nth-child(2) li').text()).toBe(
      'Nessuna mediatrice o mediatore parla la lingua (1)',
    );
  });

  it('explains the Gini coefficient in plain words and sorts the mediators by any column', async () => {
    vi.stubGlobal('fetch', reportsServer().fetch);
    const { view } = await mountReports();

    const gini = view.find('.ponte-gini').text();
    expect(gini).toContain('Indice di Gini delle ore svolte: 0,42');
    expect(gini).toContain(
      '0 significa ore divise in modo perfettamente uniforme tra le mediatrici e i mediatori attivi, 1 che tutto il lavoro va a una sola persona',
    );
    expect(gini).toContain('Il lavoro è diviso in modo disuguale');

    const names = () => view.findAll('#report-fairness-table tbody th').map((cell) => cell.text());
    expect(names()).toEqual(['Amina El Idrissi', 'Dawit Tesfaye', 'Senait Berhane']);
    expect(cellsOf(view, '#report-fairness-table tbody tr:first-child')).toEqual([
      'Amina El Idrissi',
      '20 h',
      '15 h',
      '75%',
    ]);

    const header = (label: string) =>
      view.findAll('#report-fairness-table thead th').find((cell) => cell.text().startsWith(label));
    expect(header('Ore svolte')?.attributes('aria-sort')).toBe('descending');
    await header('Mediatrice o mediatore')?.find('button').trigger('click');
    expect(names()).toEqual(['Amina El Idrissi', 'Dawit Tesfaye', 'Senait Berhane']);
    expect(header('Mediatrice o mediatore')?.attributes('aria-sort')).toBe('ascending');
    expect(header('Ore svolte')?.attributes('aria-sort')).toBeUndefined();
    await header('Mediatrice o mediatore')?.find('button').trigger('click');
    expect(names()).toEqual(['Senait Berhane', 'Dawit Tesfaye', 'Amina El Idrissi']);
    await header('Ore proposte')?.find('button').trigger('click');
    expect(names()).toEqual(['Amina El Idrissi', 'Dawit Tesfaye', 'Senait Berhane']);
  });

  it('gives the charts a name and their numbers as tables', async () => {
    vi.stubGlobal('fetch', reportsServer().fetch);
    const { view } = await mountReports();

    const activation = view.find('#report-activation-title').element.closest('figure');
    expect(activation?.getAttribute('aria-labelledby')).toBe('report-activation-title');
    const activationChart = view.findAllComponents({ name: 'ReportChart' })[0];
    expect(activationChart?.props('label')).toBe('Tempi di attivazione per mese');
    expect(activationChart?.props('describedBy')).toBe('report-activation-description');
    // Every month of the period is in the table, those without an assignment as "no data".
    const activationRows = view.findAll('#report-activation-table-caption ~ tbody tr');
    expect(activationRows).toHaveLength(12);
    expect(activationRows[1]?.findAll('th, td').map((cell) => cell.text())).toEqual(['ottobre 2026', '22,5', '41,0']);
    expect(activationRows[0]?.text()).toContain('nessun dato');

    // Twelve months of district summaries behind the stacked bars, one per month.
    const hours = view.findAll('#report-hours-table-caption ~ tbody tr');
    expect(hours).toHaveLength(12);
    expect(hours[1]?.findAll('th, td').map((cell) => cell.text())).toEqual([
      'ottobre 2026',
      '12 h 30 min',
      '12 h 30 min',
    ]);
  });

  it('shows an empty period as zeros and “no data”, not as an error', async () => {
    const empty = (groupBy: string): Response => jsonResponse(200, { groupBy, ...PERIOD, rows: [], totals: ZERO });
    vi.stubGlobal(
      'fetch',
      reportsServer({
        summary: empty,
        gaps: () => jsonResponse(200, { ...PERIOD, rows: [] }),
        fairness: () =>
          jsonResponse(200, {
            ...PERIOD,
            gini: 0,
            mediators: [{ ...fairness.mediators[0], minutesOffered: 0, minutesDelivered: 0 }],
          }),
      }).fetch,
    );
    const { view } = await mountReports();

    expect(view.find('#report-summary tbody').text()).toBe('Nessun dato nel periodo.');
    expect(cellsOf(view, '#report-summary tfoot tr')).toEqual([
      'Totale del periodo',
      '0',
      '0',
      '0',
      '0',
      '0',
      '0',
      '0 min',
      'nessun dato',
      'nessun dato',
    ]);
    expect(view.text()).toContain('Nessuna richiesta assegnata nel periodo.');
    expect(view.text()).toContain('Nessuna ora erogata nel periodo.');
    expect(view.text()).toContain('Nessuna richiesta scoperta nel periodo.');
    expect(view.find('.ponte-gini').text()).toContain('Nessuna ora svolta nel periodo');
    expect(view.find('.alert').exists()).toBe(false);
  });

  it('says a failed part politely and loads it again on request', async () => {
    let gapsAnswer = () => problemResponse(503, 'UNAVAILABLE');
    vi.stubGlobal('fetch', reportsServer({ gaps: () => gapsAnswer() }).fetch);
    const { view } = await mountReports();

    const status = view.find('#report-gaps-heading ~ [aria-live="polite"]');
    expect(status.text()).toContain('Il servizio non è raggiungibile');
    expect(view.find('#report-summary').exists()).toBe(true);

    gapsAnswer = () => jsonResponse(200, gaps);
    await status.find('button').trigger('click');
    await flushPromises();
    expect(view.find('#report-gaps-heading ~ [aria-live="polite"]').text()).toBe('');
    expect(view.findAll('#report-gaps tbody tr')).toHaveLength(3);
  });

  it('applies a preset at once, counted from today in Italy', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2027-03-15T10:00:00+01:00'));
    const server = reportsServer();
    vi.stubGlobal('fetch', server.fetch);
    const { view, router } = await mountReports('/coordinator/reports');

    // Without a period in the address: this school year, by district.
    expect(router.currentRoute.value.query).toEqual({});
    expect((view.find('#report-from').element as HTMLInputElement).value).toBe('2026-09-01');
    expect((view.find('#report-to').element as HTMLInputElement).value).toBe('2027-08-31');
    const pressed = () => view.findAll('[aria-pressed="true"]').map((button) => button.text());
    expect(pressed()).toEqual(['Anno scolastico in corso']);

    await view
      .findAll('button')
      .find((button) => button.text() === 'Mese scorso')
      ?.trigger('click');
    await flushPromises();
    expect(router.currentRoute.value.query).toMatchObject({ from: '2027-02-01', to: '2027-02-28' });
    const latest = server
      .summaryCalls()
      .filter((call) => call.query.get('groupBy') === 'month')
      .at(-1);
    expect([latest?.query.get('from'), latest?.query.get('to')]).toEqual(['2027-02-01', '2027-03-01']);
    expect(pressed()).toEqual(['Mese scorso']);
  });

  it('keeps a wrong period from being sent', async () => {
    const server = reportsServer();
    vi.stubGlobal('fetch', server.fetch);
    const { view } = await mountReports();
    const before = server.seen.length;

    await view.find('#report-from').setValue('2027-05-10');
    await view.find('#report-to').setValue('2027-05-01');
    await view.find('form').trigger('submit');
    await flushPromises();

    expect(view.find('#report-to-error').text()).toContain('giorno finale uguale o successivo');
    expect(server.seen.length).toBe(before);
  });
});
