import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { listOf, RequestSummary, requestStatuses, type Mode, type RequestStatus } from '@ponte/shared';
import type { Database } from '../../src/db/client.js';
import { fundingLines, requests, series } from '../../src/db/schema/index.js';
import { toRequestSummary } from '../../src/modules/requests/request-mapper.js';
import type { RequestFilter } from '../../src/modules/requests/request-list.query.js';
import { requestsRepository, type RequestWithNames } from '../../src/modules/requests/requests.repository.js';
import { createMediator, createOrganization, createSignedInUser } from '../helpers/factories.js';
import { http, type Headers } from '../helpers/http.js';
import { createTestApp, type TestContext } from '../helpers/test-app.js';

/*
 * GET /api/requests is built as JSON by PostgreSQL (request-list.query.ts). Before, the route mapped every
 * row through `toRequestSummary` (still the summary part of a request's detail), cut the page in
 * TypeScript and serialized it with the route's zod schema. Both must give the same text, key for key
 * and in order, for every filter and page.
 */

const HOUR = 3_600_000;
// A Tuesday, 09:00 in Rome.
const START = new Date('2027-03-09T08:00:00Z');
const LANGUAGES = ['ar', 'ti', 'zh'];
const MODES: Mode[] = ['in_person', 'phone', 'video'];

let context: TestContext;
let db: Database;
let baseUrl: string;
let school: { id: string };
let socialService: { id: string };
let requester: Headers;
let coordinator: Headers;
/** Every request with the names the summary shows, read through the detail query. */
let named: RequestWithNames[];

beforeAll(async () => {
  context = await createTestApp({ now: START });
  db = context.database.db;
  baseUrl = context.baseUrl;
  school = await createOrganization(db, { name: 'Istituto "Manzoni" \\ Vimercate' });
  socialService = await createOrganization(db, {
    kind: 'social_service',
    districtId: 'trezzo',
    municipality: 'Trezzo sull’Adda',
  });
  requester = (await createSignedInUser(context.app, db, { role: 'requester', organizationId: school.id })).headers;
  coordinator = (await createSignedInUser(context.app, db, { role: 'coordinator' })).headers;
  // A name the summary would not show (the mapper's rule: no name, no assigned mediator).
  const mediatorList = [
    await createMediator(db, { fullName: 'Amal Ḥaddād "Lulu"' }),
    await createMediator(db, { fullName: 'Tesfay Berhane' }),
    await createMediator(db, { fullName: '' }),
  ];
  const [line] = await db
    .insert(fundingLines)
    .values({
      name: 'Fondo “Accoglienza” 2027',
      funder: 'Regione',
      from: '2027-01-01',
      to: '2027-12-31',
      budgetMinutes: 600,
      overBudget: 'approve',
    })
    .returning();
  const [course] = await db.insert(series).values({ organizationId: school.id }).returning();

  const rows = Array.from({ length: 44 }, (_, index) => {
    const status: RequestStatus = requestStatuses[index % requestStatuses.length]!;
    const organization = index % 4 === 3 ? socialService : school;
    const mediator = mediatorList[index % mediatorList.length]!;
    const assigned = status === 'assigned' || status === 'completed' || (status === 'cancelled' && index % 2 === 0);
    const completed = status === 'completed';
    // Two thirds of the completed requests are confirmed or disputed; the others await confirmation.
    const confirmedAt = completed && index % 3 !== 0 ? new Date(START.getTime() - HOUR) : null;
    // Three hours apart around START, with ties (ordered by id) in the past and exactly at START.
    const slot = index === 20 || index === 21 ? 22 : index === 6 || index === 7 ? 7 : index;
    const mode = MODES[index % MODES.length]!;
    return {
      organizationId: organization.id,
      serviceType: organization === school ? ('school_meeting' as const) : ('home_visit' as const),
      languageCode: LANGUAGES[index % LANGUAGES.length]!,
      dialect: index % 5 === 0 ? 'Asmara' : null,
      mode,
      remoteFallback: mode === 'in_person' && index % 2 === 0 ? ('video' as const) : null,
      originalMode: mode === 'phone' && index % 2 === 0 ? ('in_person' as const) : null,
      startsAt: new Date(START.getTime() + (slot - 22) * 3 * HOUR),
      durationMinutes: 30 + (index % 10) * 45,
      districtId: organization === school ? 'vimercate' : 'trezzo',
      locationMunicipality: organization === school ? 'Vimercate' : 'Trezzo sull’Adda',
      status,
      lateCancellation: status === 'cancelled' && index % 3 === 0,
      assignedMediatorId: assigned ? mediator.id : null,
      assignedAt: assigned ? START : null,
      actualMinutes: completed ? 55 : null,
      outcome: completed ? ('done' as const) : null,
      completedAt: completed ? START : null,
      confirmed: confirmedAt ? index % 2 === 0 : null,
      rating: confirmedAt ? 4 : null,
      confirmedAt,
      caseRef: index % 6 === 0 ? `IC-2027/${index} "ß"` : null,
      fundingLineId: index % 4 === 1 ? line!.id : null,
      overBudget: index % 8 === 1,
      seriesId: organization === school && index % 5 === 2 ? course!.id : null,
    };
  });
  await db.insert(requests).values(rows);
  // Microseconds the API's times (milliseconds) drop: creation times as PostgreSQL's now() makes them,
  // and a start that is not a tie.
  await db.execute(sql`UPDATE requests SET created_at = created_at - random() * interval '1 day'`);
  await db.execute(
    sql`UPDATE requests SET starts_at = starts_at + interval '123.456 milliseconds' WHERE starts_at = ${new Date(START.getTime() + 9 * HOUR).toISOString()}`,
  );

  const all = await db.select({ id: requests.id }).from(requests);
  named = await Promise.all(
    all.map(async ({ id }) => (await requestsRepository.findDetail(db, id)) ?? expect.unreachable(id)),
  );
});
afterAll(async () => context.close());

interface Call {
  filter: RequestFilter;
  limit: number;
  offset: number;
}

function matches({ request }: RequestWithNames, filter: RequestFilter): boolean {
  const awaitingConfirmation = request.status === 'completed' && request.confirmedAt === null;
  return (
    (filter.organizationId === undefined || request.organizationId === filter.organizationId) &&
    (filter.statuses === undefined || filter.statuses.includes(request.status)) &&
    (filter.from === undefined || request.startsAt >= filter.from) &&
    (filter.to === undefined || request.startsAt <= filter.to) &&
    (filter.languageCode === undefined || request.languageCode === filter.languageCode) &&
    (filter.awaitingConfirmation === undefined || awaitingConfirmation === filter.awaitingConfirmation)
  );
}

/** Coming soonest first, then past latest first; ties by id (ascending, then descending). */
function listOrder(now: Date) {
  const key = ({ request }: RequestWithNames) => [request.startsAt.getTime(), request.id] as const;
  return (a: RequestWithNames, b: RequestWithNames) => {
    const [aStart, aId] = key(a);
    const [bStart, bId] = key(b);
    const aComing = aStart >= now.getTime();
    if (aComing !== bStart >= now.getTime()) return aComing ? -1 : 1;
    const ascending = aStart - bStart || (aId < bId ? -1 : aId > bId ? 1 : 0);
    return aComing ? ascending : -ascending;
  };
}

/** The page as the route made it before: `toRequestSummary` over the rows, then the route's zod serializer. */
function listAsMapped({ filter, limit, offset }: Call, now: Date): string {
  const matching = named.filter((row) => matches(row, filter)).sort(listOrder(now));
  const page = { items: matching.slice(offset, offset + limit).map(toRequestSummary), total: matching.length };
  return JSON.stringify(listOf(RequestSummary).encode(page));
}

function queryOf({ filter, limit, offset }: Call): string {
  const query = new URLSearchParams({ limit: String(limit), offset: String(offset) });
  if (filter.organizationId) query.set('organizationId', filter.organizationId);
  if (filter.statuses) query.set('status', filter.statuses.join(','));
  if (filter.from) query.set('from', filter.from.toISOString());
  if (filter.to) query.set('to', filter.to.toISOString());
  if (filter.languageCode) query.set('languageCode', filter.languageCode);
  if (filter.awaitingConfirmation !== undefined) query.set('awaitingConfirmation', String(filter.awaitingConfirmation));
  return query.toString();
}

async function expectListAsMapped(headers: Headers, call: Call, expectedCall: Call = call) {
  const response = await http(baseUrl, 'GET', `/api/requests?${queryOf(call)}`, { headers });
  expect(response.status, response.text).toBe(200);
  expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
  const expected = listAsMapped(expectedCall, context.clock.now());
  const label = queryOf(call);
  // Value for value (a readable difference), then the same text once parsed: key for key, in order.
  expect(response.body, label).toStrictEqual(JSON.parse(expected));
  expect(JSON.stringify(response.body), label).toBe(expected);
  return response.body as { items: unknown[]; total: number };
}

const hoursFromStart = (hours: number) => new Date(START.getTime() + hours * HOUR);

const coordinatorFilters = (): RequestFilter[] => [
  {},
  ...requestStatuses.map((status) => ({ statuses: [status] })),
  { statuses: ['searching', 'assigned', 'awaiting_approval'] },
  { from: hoursFromStart(-12) },
  { to: hoursFromStart(6) },
  // The dispatch desk's view (the bench's coordinator list): one language, the weeks around today.
  { languageCode: 'ar', from: hoursFromStart(-14 * 24), to: hoursFromStart(14 * 24) },
  { from: hoursFromStart(-30), to: hoursFromStart(30) },
  { from: hoursFromStart(3), to: hoursFromStart(60) },
  { organizationId: school.id },
  { organizationId: socialService.id, statuses: ['cancelled', 'completed'] },
  ...LANGUAGES.map((languageCode) => ({ languageCode })),
  { awaitingConfirmation: true },
  { awaitingConfirmation: false },
  { awaitingConfirmation: true, languageCode: 'ar', organizationId: school.id },
  { awaitingConfirmation: false, statuses: ['completed'], from: hoursFromStart(-48), to: hoursFromStart(48) },
  // Nothing matches: an empty page with its count.
  { languageCode: 'ps' },
];

describe('the request list built by PostgreSQL', () => {
  it('is, for a requester, their organization’s requests exactly as mapped, for every page size and offset', async () => {
    context.clock.set(START);
    const own = named.filter((row) => row.request.organizationId === school.id).length;
    for (const limit of [1, 3, 20, 200]) {
      for (const offset of [0, 1, 5, 16, 17, own - 1, own, own + 5]) {
        const page = await expectListAsMapped(requester, { filter: { organizationId: school.id }, limit, offset });
        expect(page.total).toBe(own);
      }
    }
    // Another organization's id changes nothing: a requester sees their own.
    await expectListAsMapped(
      requester,
      { filter: { organizationId: socialService.id }, limit: 20, offset: 0 },
      { filter: { organizationId: school.id }, limit: 20, offset: 0 },
    );
  });

  it('is, for a coordinator, the requests of every filter exactly as mapped', async () => {
    context.clock.set(START);
    for (const filter of coordinatorFilters()) {
      for (const [limit, offset] of [
        [50, 0],
        [4, 0],
        [4, 6],
        [7, 19],
      ] as const) {
        await expectListAsMapped(coordinator, { filter, limit, offset });
      }
    }
  });

  it('moves the boundary between coming and past with the clock', async () => {
    for (const hours of [-100, -7.5, 0.5, 40, 100]) {
      context.clock.set(hoursFromStart(hours));
      for (const filter of [{}, { organizationId: school.id }, { languageCode: 'ti' }]) {
        for (const offset of [0, 9, 17]) await expectListAsMapped(coordinator, { filter, limit: 10, offset });
      }
    }
  });

  it('answers an empty page with its count of zero', async () => {
    context.clock.set(START);
    const page = await expectListAsMapped(coordinator, { filter: { languageCode: 'ps' }, limit: 20, offset: 0 });
    expect(page).toEqual({ items: [], total: 0 });
  });
});
