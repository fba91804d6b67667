import { eq, isNotNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labels, reportGroupings, type ReportGroupBy, type ServiceType, type SummaryReport } from '@ponte/shared';
import type { Database } from '../../src/db/client.js';
import { requests } from '../../src/db/schema/index.js';
import { requestLifeRepository } from '../../src/modules/dispatch/request-life.repository.js';
import { summaryToCsv } from '../../src/modules/reports/summary-csv.js';
import { http } from '../helpers/http.js';
import { createSignedInUser, createUser, signIn } from '../helpers/factories.js';
import {
  createSeason,
  districtNames,
  languageNames,
  SEASON,
  SEASON_INSTANTS,
  type Season,
} from '../helpers/season-factory.js';
import { createTestApp, type TestContext } from '../helpers/test-app.js';

// Well after the season, so every request of it is in the past.
const NOW = new Date('2027-09-01T08:00:00Z');

let context: TestContext;
let db: Database;
let season: Season;
let coordinator: Record<string, string>;
let requester: Record<string, string>;
let mediator: Record<string, string>;

beforeAll(async () => {
  context = await createTestApp({ now: NOW });
  db = context.database.db;
  season = await createSeason(db);
  coordinator = (await createSignedInUser(context.app, db, { role: 'coordinator' })).headers;
  requester = (
    await createSignedInUser(context.app, db, { role: 'requester', organizationId: season.organizations[0].id })
  ).headers;
  // A mediator of the season's roster, so the fairness report's roster stays the season's.
  const mediatorUser = await createUser(db, { role: 'mediator', mediatorId: season.idleMediatorId });
  mediator = (await signIn(context.app, mediatorUser.email)).headers;
});
afterAll(async () => context.close());

const query = (parameters: Record<string, string>) => new URLSearchParams(parameters).toString();
const get = (path: string, parameters: Record<string, string>, headers: Record<string, string> = coordinator) =>
  http(context.app, 'GET', `${path}?${query(parameters)}`, { headers });

async function summary(groupBy: ReportGroupBy, period: { from: string; to: string } = SEASON): Promise<SummaryReport> {
  const response = await get('/api/reports/summary', { ...period, groupBy });
  expect(response.statusCode, response.text).toBe(200);
  return response.body as SummaryReport;
}

const withoutLabels = (rows: SummaryReport['rows']) => rows.map(({ label: _label, ...figures }) => figures);

/** Reads the CSV back as a spreadsheet would: BOM, CRLF, `;`, RFC 4180 quotes, decimal comma. */
function parseCsv(text: string): { header: string[]; rows: string[][] } {
  expect(text.startsWith('\uFEFF')).toBe(true);
  const body = text.slice(1);
  expect(body.endsWith('\r\n')).toBe(true);
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let index = 0; index < body.length; index += 1) {
    const character = body[index];
    if (quoted) {
      if (character === '"' && body[index + 1] === '"') {
        field += '"';
        index += 1;
      } else if (character === '"') {
        quoted = false;
      } else {
        field += character;
      }
    } else if (character === '"') {
      quoted = true;
    } else if (character === ';') {
      record.push(field);
      field = '';
    } else if (character === '\r' && body[index + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      index += 1;
    } else {
      expect(character, 'a bare line feed').not.toBe('\n');
      field += character;
    }
  }
  const [header = [], ...rows] = records;
  return { header, rows };
}

const csvNumber = (cell: string): number | null => {
  if (cell === '') return null;
  expect(cell).toMatch(/^-?\d+(,\d+)?$/);
  return Number(cell.replace(',', '.'));
};

describe('GET /api/reports/summary', () => {
  it.each(reportGroupings)('gives every figure of every %s as the season says', async (groupBy) => {
    const report = await summary(groupBy);
    const expected = season.summary(groupBy);
    expect(report.groupBy).toBe(groupBy);
    expect(report.from).toBe(SEASON_INSTANTS.from.toISOString());
    expect(report.to).toBe(SEASON_INSTANTS.to.toISOString());
    expect(withoutLabels(report.rows)).toEqual(expected.rows);
    expect(report.totals).toEqual(expected.totals);
    // The season covers what the funder asks about: several groups, assignments, gaps, lateness, delivery.
    expect(report.rows.length).toBeGreaterThan(1);
    expect(report.totals).toMatchObject({ unfilled: 10, lateCancelled: expect.any(Number) });
    expect(report.totals.lateCancelled).toBeGreaterThan(0);
    expect(report.totals.minutesDelivered).toBeGreaterThan(0);
  });

  it('labels keys in Italian', async () => {
    const byDistrict = await summary('district');
    for (const row of byDistrict.rows) expect(row.label).toBe(districtNames[row.key]);
    expect(byDistrict.rows.map((row) => row.label)).toContain("Trezzo sull'Adda");
    const byLanguage = await summary('language');
    for (const row of byLanguage.rows) expect(row.label).toBe(languageNames[row.key]);
    expect(byLanguage.rows.find((row) => row.key === 'ti')?.label).toBe('Tigrino');
    expect((await summary('organizationKind')).rows.map((row) => [row.key, row.label])).toEqual([
      ['school', 'Scuola'],
      ['social_service', 'Servizio sociale'],
    ]);
    expect((await summary('month')).rows.map((row) => [row.key, row.label])).toEqual([
      ['2027-01', 'gennaio 2027'],
      ['2027-02', 'febbraio 2027'],
      ['2027-03', 'marzo 2027'],
      ['2027-04', 'aprile 2027'],
      ['2027-05', 'maggio 2027'],
      ['2027-06', 'giugno 2027'],
    ]);
    const byServiceType = await summary('serviceType');
    expect(byServiceType.rows.find((row) => row.key === 'home_visit')?.label).toBe('Visita domiciliare');
    // The CSV names services with the shared catalogue's words, as the e-mails and the app do.
    expect(byServiceType.rows.length).toBeGreaterThan(1);
    for (const row of byServiceType.rows) expect(row.label).toBe(labels.it.serviceType[row.key as ServiceType]);
  });

  it('groups by month by default, on the Rome calendar', async () => {
    const response = await get('/api/reports/summary', SEASON);
    expect(response.statusCode).toBe(200);
    expect(response.body.groupBy).toBe('month');
    expect(withoutLabels(response.body.rows)).toEqual(season.summary('month').rows);

    // 00:30 on 1 April in Rome is still 31 March in UTC: it belongs to April.
    const april = { from: new Date('2027-03-31T22:00:00Z'), to: new Date('2027-04-30T22:00:00Z') };
    const aprilReport = await summary('month', { from: '2027-04-01', to: '2027-05-01' });
    expect(aprilReport.rows.map((row) => row.key)).toEqual(['2027-04']);
    expect(withoutLabels(aprilReport.rows)).toEqual(season.summary('month', april).rows);
    expect(season.requests.some((request) => request.startsAt.toISOString() === '2027-03-31T22:30:00.000Z')).toBe(true);
  });

  it('takes instants with an offset as bounds, the same as local dates', async () => {
    const byDates = await summary('district');
    const byInstants = await summary('district', {
      from: '2027-01-01T00:00:00+01:00',
      to: '2027-07-01T00:00:00+02:00',
    });
    expect(byInstants).toEqual(byDates);
    // One minute later the request at midnight on 1 January is out.
    const later = await summary('district', { from: '2027-01-01T00:01:00+01:00', to: '2027-07-01T00:00:00+02:00' });
    expect(later.totals.requests).toBe(byDates.totals.requests - 1);
  });

  it('gives empty rows and zero totals for a period without requests', async () => {
    for (const groupBy of reportGroupings) {
      const report = await summary(groupBy, { from: '2030-01-01', to: '2030-02-01' });
      expect(report.rows).toEqual([]);
      expect(report.totals).toEqual({
        requests: 0,
        assigned: 0,
        unfilled: 0,
        cancelled: 0,
        lateCancelled: 0,
        completed: 0,
        minutesDelivered: 0,
        medianMinutesToAssign: null,
        p90MinutesToAssign: null,
      });
    }
    const csv = await http(
      context.app,
      'GET',
      `/api/reports/summary?${query({ from: '2030-01-01', to: '2030-02-01' })}`,
      { headers: { ...coordinator, accept: 'text/csv' } },
    );
    expect(csv.statusCode).toBe(200);
    expect(parseCsv(csv.text).rows).toEqual([]);
  });

  it('refuses a period that ends before it starts, naming querystring.to', async () => {
    for (const period of [
      { from: '2027-07-01', to: '2027-01-01' },
      { from: '2027-01-01', to: '2027-01-01' },
      { from: '2027-01-01T10:00:00+01:00', to: '2027-01-01T09:00:00Z' },
    ]) {
      const response = await get('/api/reports/summary', period);
      expect(response.statusCode).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ path: 'querystring.to' }] });
    }
  });

  it('refuses missing or malformed bounds and unknown groupings', async () => {
    const missing = await get('/api/reports/summary', { to: '2027-01-01' });
    expect(missing.statusCode).toBe(400);
    expect(missing.body.errors).toContainEqual(expect.objectContaining({ path: 'querystring.from' }));
    const malformed = await get('/api/reports/summary', { from: '1 gennaio', to: '2027-02-01' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.body.errors).toContainEqual(expect.objectContaining({ path: 'querystring.from' }));
    const grouping = await get('/api/reports/summary', { ...SEASON, groupBy: 'mediator' });
    expect(grouping.statusCode).toBe(400);
    expect(grouping.body.errors).toContainEqual(expect.objectContaining({ path: 'querystring.groupBy' }));
  });
});

describe('GET /api/reports/summary as CSV', () => {
  it.each(reportGroupings)('gives the same %s rows as the JSON, the Italian way', async (groupBy) => {
    const json = await summary(groupBy);
    const response = await http(context.app, 'GET', `/api/reports/summary?${query({ ...SEASON, groupBy })}`, {
      headers: { ...coordinator, accept: 'text/csv' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toBe(
      'attachment; filename="ponte-riepilogo-2027-01-01-2027-07-01.csv"',
    );

    const { header, rows } = parseCsv(response.text);
    expect(header.slice(2)).toEqual([
      'Richieste',
      'Assegnate',
      'Non coperte',
      'Annullate',
      'Annullate tardivamente',
      'Completate',
      'Minuti erogati confermati',
      "Minuti all'assegnazione (mediana)",
      "Minuti all'assegnazione (90° percentile)",
    ]);
    const parsed = rows.map(([key = '', label = '', ...numbers]) => {
      const [requestsCount, assigned, unfilled, cancelled, lateCancelled, completed, minutesDelivered, median, p90] =
        numbers.map(csvNumber);
      return {
        key,
        label,
        requests: requestsCount,
        assigned,
        unfilled,
        cancelled,
        lateCancelled,
        completed,
        minutesDelivered,
        medianMinutesToAssign: median,
        p90MinutesToAssign: p90,
      };
    });
    expect(parsed).toEqual(json.rows);
  });

  it('writes fractions with a decimal comma and names the group in the header', async () => {
    const response = await http(
      context.app,
      'GET',
      `/api/reports/summary?${query({ ...SEASON, groupBy: 'district' })}`,
      { headers: { ...coordinator, accept: 'text/csv' } },
    );
    const { header, rows } = parseCsv(response.text);
    expect(header.slice(0, 2)).toEqual(['Codice ambito', 'Ambito territoriale']);
    const json = await summary('district');
    // The season is built so some p90 interpolates to a fraction; check the CSV shows it with a comma.
    const fractional = json.rows.find(
      (row) => row.p90MinutesToAssign !== null && !Number.isInteger(row.p90MinutesToAssign),
    );
    expect(fractional).toBeDefined();
    const line = rows.find((row) => row[0] === fractional!.key);
    expect(line?.[10]).toBe(String(fractional!.p90MinutesToAssign).replace('.', ','));
  });

  it('quotes what needs quoting and defuses formulas', () => {
    const csv = summaryToCsv({
      groupBy: 'district',
      from: '2027-01-01T00:00:00.000Z',
      to: '2027-02-01T00:00:00.000Z',
      rows: [
        {
          key: 'a;b',
          label: 'Il "Centro"\nNord',
          requests: 1,
          assigned: 1,
          unfilled: 0,
          cancelled: 0,
          lateCancelled: 0,
          completed: 1,
          minutesDelivered: 90,
          medianMinutesToAssign: 12.5,
          p90MinutesToAssign: null,
        },
        {
          key: 'x',
          label: '=HYPERLINK("http://evil")',
          requests: 0,
          assigned: 0,
          unfilled: 0,
          cancelled: 0,
          lateCancelled: 0,
          completed: 0,
          minutesDelivered: 0,
          medianMinutesToAssign: null,
          p90MinutesToAssign: null,
        },
      ],
      totals: {
        requests: 1,
        assigned: 1,
        unfilled: 0,
        cancelled: 0,
        lateCancelled: 0,
        completed: 1,
        minutesDelivered: 90,
        medianMinutesToAssign: 12.5,
        p90MinutesToAssign: null,
      },
    });
    const lines = csv.slice(1).split('\r\n');
    expect(lines[1]).toBe('"a;b";"Il ""Centro""\nNord";1;1;0;0;0;1;90;12,5;');
    expect(lines[2]).toBe('x;"\'=HYPERLINK(""http://evil"")";0;0;0;0;0;0;0;;');
    expect(parseCsv(csv).rows[0]?.slice(0, 2)).toEqual(['a;b', 'Il "Centro"\nNord']);
  });

  it('answers JSON unless CSV is preferred', async () => {
    const url = `/api/reports/summary?${query(SEASON)}`;
    const asJson = await http(context.app, 'GET', url, {
      headers: { ...coordinator, accept: 'application/json, text/csv;q=0.5' },
    });
    expect(asJson.headers['content-type']).toContain('application/json');
    const asCsv = await http(context.app, 'GET', url, {
      headers: { ...coordinator, accept: 'text/csv, application/json;q=0.9' },
    });
    expect(asCsv.headers['content-type']).toContain('text/csv');
  });

  it('documents the CSV in OpenAPI', async () => {
    const document = (await http(context.app, 'GET', '/docs/json')).body;
    const operation = document.paths['/api/reports/summary'].get;
    expect(Object.keys(operation.responses['200'].content)).toEqual(['application/json', 'text/csv']);
    expect(operation.description).toContain('Accept: text/csv');
    expect(operation.description).toContain('decimal comma');
    expect(operation.tags).toEqual(['reports']);
  });
});

describe('GET /api/reports/gaps', () => {
  it('lists language × district of unfilled requests, most unfilled first, with the reasons matching gives', async () => {
    const response = await get('/api/reports/gaps', SEASON);
    expect(response.statusCode, response.text).toBe(200);
    const expected = season.gaps().map((row) => ({
      ...row,
      languageName: languageNames[row.languageCode],
      districtName: districtNames[row.districtId],
    }));
    expect(response.body.rows).toEqual(expected);
    // How a coordinator reads the first row.
    expect(response.body.rows[0]).toEqual({
      languageCode: 'ti',
      languageName: 'Tigrino',
      districtId: 'trezzo',
      districtName: "Trezzo sull'Adda",
      unfilled: 4,
      remoteFallbacks: 0,
      topExclusionReasons: [
        { reason: 'district_not_served', count: 12 },
        { reason: 'inactive', count: 4 },
        { reason: 'withdrew', count: 1 },
      ],
    });
    expect(response.body.rows).toContainEqual(
      expect.objectContaining({
        languageCode: 'bm',
        districtId: 'trezzo',
        unfilled: 3,
        topExclusionReasons: [{ reason: 'no_mediator_speaks_language', count: 3 }],
      }),
    );
  });

  it('believes the matching snapshot stored on the unfilled event over a re-ranking', async () => {
    const rows = (await get('/api/reports/gaps', SEASON)).body.rows as {
      languageCode: string;
      topExclusionReasons: unknown;
    }[];
    // Nobody speaks Somali now; the snapshot says two did, and why they could not go.
    expect(rows.find((row) => row.languageCode === 'so')?.topExclusionReasons).toEqual([
      { reason: 'outside_availability', count: 2 },
      { reason: 'weekly_cap_exceeded', count: 1 },
    ]);
  });

  it('is empty for a period without unfilled requests', async () => {
    const response = await get('/api/reports/gaps', { from: '2030-01-01', to: '2030-02-01' });
    expect(response.statusCode).toBe(200);
    expect(response.body.rows).toEqual([]);
  });
});

describe('GET /api/reports/fairness', () => {
  it('lists every active mediator with minutes offered and delivered, and the Gini of delivery', async () => {
    const response = await get('/api/reports/fairness', SEASON);
    expect(response.statusCode, response.text).toBe(200);
    const report = response.body;
    const expected = season.fairness();
    expect(report.mediators).toHaveLength(expected.mediators.length);
    expect(report.mediators).toEqual(expect.arrayContaining(expected.mediators));
    expect(report.gini).toBeCloseTo(expected.gini, 4);
    expect(report.gini).toBeGreaterThan(0);
    // The idle mediator is there with zeros; the inactive one is not, whatever they delivered.
    expect(report.mediators).toContainEqual(
      expect.objectContaining({ mediatorId: season.idleMediatorId, minutesOffered: 0, minutesDelivered: 0 }),
    );
    const inactive = season.mediators.filter((entry) => !entry.active).map((entry) => entry.id);
    expect(report.mediators.map((entry: { mediatorId: string }) => entry.mediatorId)).not.toEqual(
      expect.arrayContaining([inactive[0]]),
    );
  });

  it('is all zeros, Gini 0, for a period without work', async () => {
    const report = (await get('/api/reports/fairness', { from: '2030-01-01', to: '2030-02-01' })).body;
    expect(report.gini).toBe(0);
    expect(report.mediators.length).toBe(season.mediators.filter((entry) => entry.active).length);
    for (const entry of report.mediators) expect(entry).toMatchObject({ minutesOffered: 0, minutesDelivered: 0 });
  });
});

describe('access', () => {
  const paths = ['/api/reports/summary', '/api/reports/gaps', '/api/reports/fairness'];

  it.each(paths)('%s is for coordinators only', async (path) => {
    expect((await get(path, SEASON, requester)).statusCode).toBe(403);
    expect((await get(path, SEASON, mediator)).statusCode).toBe(403);
    expect((await get(path, SEASON, {})).statusCode).toBe(401);
    expect((await get(path, SEASON, requester)).body.code).toBe('FORBIDDEN');
    const csv = await http(context.app, 'GET', `${path}?${query(SEASON)}`, {
      headers: { ...requester, accept: 'text/csv' },
    });
    expect(csv.statusCode).toBe(403);
    expect(csv.text).not.toContain('Richieste');
  });
});

describe('retention', () => {
  // Last: it erases the season's personal data.
  it('keeps every figure when personal data is erased', async () => {
    const read = async () => ({
      summaries: await Promise.all(reportGroupings.map((groupBy) => summary(groupBy))),
      gaps: (await get('/api/reports/gaps', SEASON)).body,
      fairness: (await get('/api/reports/fairness', SEASON)).body,
    });
    const before = await read();

    // Everything finished before now goes, as the retention job would do after its months.
    const erased = await requestLifeRepository.erasePersonalData(db, NOW, NOW);
    expect(erased).toBeGreaterThan(50);
    const left = await db
      .select({
        contactName: requests.contactName,
        contactPhone: requests.contactPhone,
        notes: requests.notes,
        subject: requests.subject,
        caseRef: requests.caseRef,
        address: requests.locationAddress,
      })
      .from(requests)
      .where(isNotNull(requests.personalDataErasedAt));
    expect(left).toHaveLength(erased);
    for (const row of left)
      expect(row).toEqual({
        contactName: null,
        contactPhone: null,
        notes: null,
        subject: null,
        caseRef: null,
        address: null,
      });
    const [unfilled] = await db
      .select({ erasedAt: requests.personalDataErasedAt })
      .from(requests)
      .where(eq(requests.languageCode, 'bm'));
    expect(unfilled?.erasedAt).toEqual(NOW);

    const after = await read();
    expect(after).toEqual(before);
    expect(withoutLabels(after.summaries[reportGroupings.indexOf('district')]!.rows)).toEqual(
      season.summary('district').rows,
    );
  });
});
