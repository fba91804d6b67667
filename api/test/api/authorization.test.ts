import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { createMediator, createOrganization, createSignedInUser } from '../helpers/factories.js';
import { createSignedInMediators, http, type Headers, type HttpResponse, type Method } from '../helpers/http.js';
import { pendingOffers, requestBody } from '../helpers/requests.js';
import { createTestApp, type TestContext } from '../helpers/test-app.js';

/*
 * The authorization matrix of API.md: every /api/ route × every kind of caller that must not get in.
 * The objects in the paths all belong to "the others": another organization's request and the offer
 * made for it to another mediator, that mediator, that organization. So a requester, a mediator and a
 * coordinator each meet the objects as an outsider, and the answer is about access alone:
 *   401 without a token · 403 for a role the route does not allow · 404 for an object the caller may
 *   not see (never 200, never a hint that it exists) · the coordinator gets in where API.md says "C".
 * A route the table does not list fails the test: a new route cannot be forgotten.
 */

// A Tuesday, 09:00 in Rome.
const START = new Date('2027-03-09T08:00:00Z');
const suffix = () => randomBytes(4).toString('hex');

type Caller = 'anonymous' | 'otherRequester' | 'otherMediator' | 'coordinator';
const callers: Caller[] = ['anonymous', 'otherRequester', 'otherMediator', 'coordinator'];

interface World {
  organizationId: string;
  requestId: string;
  offerId: string;
  mediatorId: string;
  otherOrganizationId: string;
  /** A device of the mediator the offer is made to. */
  pushSubscriptionId: string;
  /** A series of sessions of the organization (Bambara: nobody can take it). */
  seriesId: string;
}

interface Expectation {
  /** The status each caller gets. */
  status: Record<Caller, number>;
  /** The path's parameters; by default the objects of the world the path names. */
  params?: (world: World) => Promise<Record<string, string>> | Record<string, string>;
  body?: (world: World) => Promise<object> | object;
  query?: (world: World) => string;
  /** A Server-Sent Events stream: read the status, then hang up. */
  stream?: boolean;
  /** Not built yet, or being built by someone else: checked when it is in the route table. */
  optional?: boolean;
  /** More to check about a 2xx answer, per caller: what a list must never show. */
  check?: (response: Answer, world: World, caller: Caller) => void;
}

/** What a check reads of an answer: supertest's response, or the head of an event stream. */
type Answer = Pick<HttpResponse, 'status' | 'headers' | 'body' | 'text'>;

const all = (status: number): Record<Caller, number> => ({
  anonymous: status,
  otherRequester: status,
  otherMediator: status,
  coordinator: status,
});
const row = (
  anonymous: number,
  otherRequester: number,
  otherMediator: number,
  coordinator: number,
): Record<Caller, number> => ({ anonymous, otherRequester, otherMediator, coordinator });

let context: TestContext;
let db: Database;
let baseUrl: string;
let world: World;
const sessions: Partial<Record<Caller, Headers>> = {};
let requesterOfTheOrganization: Headers;

/** A request of the other organization that nobody can take (no one speaks Bambara): a fresh target for a state change. */
async function freshRequestId(): Promise<string> {
  const created = await http(baseUrl, 'POST', '/api/requests', {
    headers: requesterOfTheOrganization,
    body: requestBody(START, { languageCode: 'bm', hoursAhead: 30 }),
  });
  if (created.status !== 201) throw new Error(`fresh request: ${created.status} ${created.text}`);
  return created.body.id as string;
}

/** Two sessions, two and three days after START, at 10:00 in Rome. */
const seriesBody = (organizationId: string) => {
  const { startsAt: _startsAt, ...fields } = requestBody(START, { languageCode: 'bm', hoursAhead: 30 });
  return {
    ...fields,
    organizationId,
    sessions: { dates: ['2027-03-11T09:00:00.000Z', '2027-03-12T09:00:00.000Z'] },
  };
};

/** A series of the other organization, as a fresh target for a state change. */
async function freshSeriesId(): Promise<string> {
  const created = await http(baseUrl, 'POST', '/api/series', {
    headers: requesterOfTheOrganization,
    body: seriesBody(world.organizationId),
  });
  if (created.status !== 201) throw new Error(`fresh series: ${created.status} ${created.text}`);
  return created.body.id as string;
}

/** A case exclusion of the offered mediator, as a fresh target for a deletion. */
async function freshCaseExclusionId(): Promise<string> {
  const created = await http(baseUrl, 'POST', '/api/case-exclusions', {
    headers: sessions.coordinator,
    body: { mediatorId: world.mediatorId, organizationId: world.organizationId, caseRef: `CASE-${suffix()}` },
  });
  if (created.status !== 201) throw new Error(`fresh exclusion: ${created.status} ${created.text}`);
  return created.body.id as string;
}

const everyDay = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '24:00' }));
const newMediatorBody = () => ({
  fullName: 'Nuovo Mediatore',
  email: `new-mediator-${suffix()}@test.ponte`,
  phone: '+39 333 7654321',
  languages: [{ code: 'ro', level: 'native' }],
  districtIds: ['vimercate'],
  homeDistrictId: 'vimercate',
  modes: ['in_person'],
  qualifications: ['school'],
  maxWeeklyMinutes: 600,
});
const range = () =>
  `?from=${encodeURIComponent('2027-01-01T00:00:00Z')}&to=${encodeURIComponent('2027-12-31T00:00:00Z')}`;

/** A line of a past year: it charges none of the world's requests. */
const pastFundingLine = () => ({
  name: `Linea ${suffix()}`,
  funder: 'Comune',
  from: '2020-01-01',
  to: '2020-12-31',
  budgetMinutes: 600,
  overBudget: 'warn',
});
async function fundingLineParams(): Promise<Record<string, string>> {
  const created = await http(baseUrl, 'POST', '/api/funding-lines', {
    headers: sessions.coordinator ?? {},
    body: pastFundingLine(),
  });
  if (created.status !== 201) throw new Error(`funding line: ${created.status} ${created.text}`);
  return { id: created.body.id as string };
}

/** API.md, route by route. Keys are `METHOD url` exactly as the route table spells them. */
const MATRIX: Record<string, Expectation> = {
  'GET /api/me': { status: row(401, 200, 200, 200) },
  'PATCH /api/me': { status: row(401, 200, 200, 200), body: () => ({ locale: 'it' }) },
  'GET /api/districts': { status: row(401, 200, 200, 200) },
  'GET /api/languages': { status: row(401, 200, 200, 200) },

  'GET /api/users': { status: row(401, 403, 403, 200) },
  'POST /api/users': {
    status: row(401, 403, 403, 201),
    body: (w) => ({
      email: `requester-${suffix()}@test.ponte`,
      name: 'Nuova Segreteria',
      role: 'requester',
      organizationId: w.organizationId,
      password: 'a-long-enough-password',
    }),
  },

  'GET /api/organizations': {
    status: row(401, 200, 403, 200),
    check: (response, w, caller) => {
      if (caller !== 'otherRequester') return;
      expect(response.body.items.map((item: { id: string }) => item.id)).toEqual([w.otherOrganizationId]);
    },
  },
  'POST /api/organizations': {
    status: row(401, 403, 403, 201),
    body: () => ({
      name: `Istituto ${suffix()}`,
      kind: 'school',
      municipality: 'Vimercate',
      districtId: 'vimercate',
      address: 'Via Milano 2, Vimercate',
    }),
  },
  'GET /api/organizations/:id': { status: row(401, 404, 403, 200) },
  'PATCH /api/organizations/:id': { status: row(401, 403, 403, 200), body: () => ({ phone: '+39 039 7654321' }) },

  'GET /api/mediators': { status: row(401, 403, 403, 200) },
  'POST /api/mediators': { status: row(401, 403, 403, 201), body: newMediatorBody },
  'GET /api/mediators/:id': { status: row(401, 403, 404, 200) },
  'PATCH /api/mediators/:id': { status: row(401, 403, 404, 200), body: () => ({ phone: '+39 333 1111111' }) },
  'GET /api/mediators/:id/availability': { status: row(401, 403, 404, 200) },
  'PUT /api/mediators/:id/availability': {
    status: row(401, 403, 404, 200),
    body: () => ({ weekly: everyDay, timeOff: [] }),
  },
  'GET /api/mediators/:id/assignments': { status: row(401, 403, 404, 200) },
  'POST /api/mediators/:id/calendar-token': { status: row(401, 403, 404, 200) },
  // No bearer token opens the feed, whoever holds one: only the secret does, and a wrong one is 404.
  'GET /api/mediators/:id/calendar.ics': { status: all(404), query: () => '?token=not-the-secret', optional: true },

  'POST /api/requests': {
    // A requester naming another organization is told it does not exist.
    status: row(401, 404, 403, 201),
    body: (w) => ({ ...requestBody(START, { languageCode: 'bm', hoursAhead: 30 }), organizationId: w.organizationId }),
  },
  'GET /api/requests': {
    status: row(401, 200, 403, 200),
    // Asking for the other organization's requests by name: a requester still sees only their own.
    query: (w) => `?organizationId=${w.organizationId}`,
    check: (response, w, caller) => {
      const ids = (response.body.items as { id: string; organizationId: string }[]).map((item) => item.id);
      if (caller === 'coordinator') expect(ids).toContain(w.requestId);
      if (caller !== 'otherRequester') return;
      expect(ids).not.toContain(w.requestId);
      expect(
        (response.body.items as { organizationId: string }[]).every(
          (item) => item.organizationId === w.otherOrganizationId,
        ),
      ).toBe(true);
    },
  },
  'GET /api/requests/:id': { status: row(401, 404, 404, 200) },
  'POST /api/requests/:id/cancel': {
    status: row(401, 404, 403, 200),
    params: async () => ({ id: await freshRequestId() }),
    body: () => ({ reason: 'no longer needed' }),
  },
  'GET /api/requests/:id/candidates': { status: row(401, 403, 403, 200) },
  'POST /api/requests/:id/assign': {
    status: row(401, 403, 403, 200),
    params: async () => ({ id: await freshRequestId() }),
    body: async () => ({ mediatorId: (await createMediator(db, { languages: ['bm'] })).id }),
  },
  'POST /api/requests/:id/withdraw': { status: row(401, 403, 404, 403), body: () => ({ reason: 'sick' }) },
  'POST /api/requests/:id/complete': {
    status: row(401, 403, 404, 403),
    body: () => ({ actualMinutes: 60, outcome: 'done' }),
  },
  'POST /api/requests/:id/confirm': { status: row(401, 404, 403, 403), body: () => ({ confirmed: true, rating: 5 }) },
  // API.md, Funding lines: the coordinator's; the request is not awaiting approval, so a coordinator meets a 409.
  'PATCH /api/requests/:id': {
    status: row(401, 403, 403, 200),
    params: async () => ({ id: await freshRequestId() }),
    body: () => ({ fundingLineId: null }),
  },
  'POST /api/requests/:id/approve': { status: row(401, 403, 403, 409), body: () => ({}) },
  'POST /api/requests/:id/reject': { status: row(401, 403, 403, 409), body: () => ({ reason: 'no' }) },
  'GET /api/funding-lines': { status: row(401, 403, 403, 200) },
  'POST /api/funding-lines': { status: row(401, 403, 403, 201), body: pastFundingLine },
  'GET /api/funding-lines/:id': { status: row(401, 403, 403, 200), params: fundingLineParams },
  'PATCH /api/funding-lines/:id': {
    status: row(401, 403, 403, 200),
    params: fundingLineParams,
    body: () => ({ budgetMinutes: 120 }),
  },
  'GET /api/organizations/:id/budget': { status: row(401, 404, 403, 200) },
  'GET /api/reports/funding': { status: row(401, 403, 403, 200), query: range },

  // API.md, Series: a requester's own organization, coordinators; a mediator withdraws only from what they hold.
  'POST /api/series': { status: row(401, 404, 403, 201), body: (w) => seriesBody(w.organizationId) },
  'POST /api/series/preview': {
    status: row(401, 200, 403, 200),
    body: () => ({ durationMinutes: 60, sessions: { dates: ['2027-03-11T09:00:00.000Z'] } }),
  },
  'GET /api/series/:id': { status: row(401, 404, 403, 200) },
  'POST /api/series/:id/cancel': {
    status: row(401, 404, 403, 200),
    params: async () => ({ id: await freshSeriesId() }),
    body: () => ({ reason: 'no longer needed' }),
  },
  'POST /api/series/:id/withdraw': { status: row(401, 403, 404, 403), body: () => ({ reason: 'sick' }) },

  // API.md, Case exclusions: coordinators only.
  'GET /api/case-exclusions': { status: row(401, 403, 403, 200) },
  'POST /api/case-exclusions': {
    status: row(401, 403, 403, 201),
    body: (w) => ({ mediatorId: w.mediatorId, organizationId: w.organizationId, caseRef: `CASE-${suffix()}` }),
  },
  'DELETE /api/case-exclusions/:id': {
    status: row(401, 403, 403, 204),
    params: async () => ({ id: await freshCaseExclusionId() }),
  },

  'GET /api/offers': {
    status: row(401, 403, 200, 403),
    check: (response, w, caller) => {
      if (caller !== 'otherMediator') return;
      expect(response.body.map((offer: { id: string }) => offer.id)).not.toContain(w.offerId);
    },
  },
  'POST /api/offers/:id/accept': { status: row(401, 403, 404, 403) },
  'POST /api/offers/:id/decline': { status: row(401, 403, 404, 403), body: () => ({ reason: 'not me' }) },

  'GET /api/events': { status: row(401, 200, 200, 200), stream: true },

  // API.md, Phones: the key is public; a subscription is anyone's own, and another's id is not found.
  'GET /api/push/public-key': { status: all(200) },
  'POST /api/push/subscriptions': {
    status: row(401, 201, 201, 201),
    body: () => ({
      endpoint: `https://fcm.googleapis.com/fcm/send/${suffix()}${suffix()}`,
      keys: { p256dh: randomBytes(65).toString('base64url'), auth: randomBytes(16).toString('base64url') },
    }),
  },
  'DELETE /api/push/subscriptions/:id': {
    status: row(401, 404, 404, 404),
    params: (w) => ({ id: w.pushSubscriptionId }),
  },

  // API.md, Reports (coordinator): checked as soon as they exist.
  'GET /api/reports/summary': {
    status: row(401, 403, 403, 200),
    query: () => `${range()}&groupBy=district`,
    optional: true,
  },
  'GET /api/reports/gaps': { status: row(401, 403, 403, 200), query: range, optional: true },
  'GET /api/reports/fairness': { status: row(401, 403, 403, 200), query: range, optional: true },
};

/** The routes the matrix is about: all of /api/ but health (public), sign-in (before any role) and test hooks. */
const isGuarded = (url: string) =>
  url.startsWith('/api/') && url !== '/api/health' && !url.startsWith('/api/auth/') && !url.startsWith('/api/test/');

function defaultParams(url: string, w: World): Record<string, string> {
  if (!url.includes(':id')) return {};
  if (url.startsWith('/api/requests/')) return { id: w.requestId };
  if (url.startsWith('/api/offers/')) return { id: w.offerId };
  if (url.startsWith('/api/mediators/')) return { id: w.mediatorId };
  if (url.startsWith('/api/organizations/')) return { id: w.organizationId };
  if (url.startsWith('/api/series/')) return { id: w.seriesId };
  throw new Error(`no object of the world fits ${url}: give its entry params`);
}

// A 409 here is a coordinator who got in and met a state the action does not fit.
const problemCode: Record<number, string> = {
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'INVALID_TRANSITION',
};

beforeAll(async () => {
  context = await createTestApp({ now: START });
  db = context.database.db;
  ({ baseUrl } = context);

  // The others: an organization with a request, and the mediator the request is offered to.
  const organization = await createOrganization(db, { districtId: 'vimercate', municipality: 'Vimercate' });
  requesterOfTheOrganization = (
    await createSignedInUser(context.app, db, { role: 'requester', organizationId: organization.id })
  ).headers;
  const [offeredMediator] = await createSignedInMediators(context.app, db, 1, { languages: ['ar'] });
  const created = await http(baseUrl, 'POST', '/api/requests', {
    headers: requesterOfTheOrganization,
    body: requestBody(START, {
      languageCode: 'ar',
      hoursAhead: 30,
      notes: 'the family arrived in May',
      caseRef: 'CASE-7',
    }),
  });
  expect(created.status, created.text).toBe(201);
  const [offer] = await pendingOffers(context.app, offeredMediator!.headers);
  if (!offer) throw new Error('the mediator holds no offer');

  // The callers, each an outsider to those objects.
  const otherOrganization = await createOrganization(db, { districtId: 'vimercate', municipality: 'Vimercate' });
  sessions.otherRequester = (
    await createSignedInUser(context.app, db, { role: 'requester', organizationId: otherOrganization.id })
  ).headers;
  // Speaks only Romanian: never offered the Arabic request, never assigned to it.
  sessions.otherMediator = (await createSignedInMediators(context.app, db, 1, { languages: ['ro'] }))[0]!.headers;
  sessions.coordinator = (await createSignedInUser(context.app, db, { role: 'coordinator' })).headers;

  const subscribed = await http(baseUrl, 'POST', '/api/push/subscriptions', {
    headers: offeredMediator!.headers,
    body: {
      endpoint: `https://fcm.googleapis.com/fcm/send/${suffix()}`,
      keys: { p256dh: randomBytes(65).toString('base64url'), auth: randomBytes(16).toString('base64url') },
    },
  });
  expect(subscribed.status, subscribed.text).toBe(201);

  world = {
    pushSubscriptionId: subscribed.body.id,
    organizationId: organization.id,
    requestId: created.body.id,
    offerId: offer.id,
    mediatorId: offeredMediator!.mediator.id,
    otherOrganizationId: otherOrganization.id,
    seriesId: '',
  };
  world.seriesId = await freshSeriesId();
});
afterAll(async () => context.close());

async function call(
  key: string,
  expectation: Expectation,
  caller: Caller,
  paramsOverride?: Record<string, string>,
): Promise<Answer> {
  const [method, url] = key.split(' ') as [Method, string];
  const params = paramsOverride ?? (expectation.params ? await expectation.params(world) : defaultParams(url, world));
  const path = url.replace(/:(\w+)/g, (_, name: string) => {
    const value = params[name];
    if (!value) throw new Error(`no value for :${name} in ${key}`);
    return value;
  });
  const query = expectation.query?.(world) ?? '';
  const headers = caller === 'anonymous' ? {} : { ...sessions[caller] };
  const body = expectation.body ? await expectation.body(world) : undefined;
  if (!expectation.stream) return http(baseUrl, method, `${path}${query}`, { headers, body });

  // An event stream never ends: the status line is the answer; then hang up. (fetch, because supertest
  // waits for the end of the body.)
  const abort = new AbortController();
  const response = await fetch(`${baseUrl}${path}${query}`, { method, headers, signal: abort.signal });
  const contentType = response.headers.get('content-type') ?? '';
  const text = response.status === 200 ? '' : await response.text();
  abort.abort();
  return {
    status: response.status,
    headers: { 'content-type': contentType },
    body: contentType.includes('json') && text ? JSON.parse(text) : text,
    text,
  };
}

describe('authorization matrix', () => {
  it('lists every guarded route of the route table (a new route must be added to the matrix)', () => {
    const registered = context.app.routeTable
      .filter((route) => isGuarded(route.url))
      .map((route) => `${route.method} ${route.url}`);
    const missing = registered.filter((key) => !(key in MATRIX));
    expect(missing, 'routes without an authorization expectation').toEqual([]);
    // And no stale row: every required entry is a real route.
    const stale = Object.entries(MATRIX)
      .filter(([key, expectation]) => !expectation.optional && !registered.includes(key))
      .map(([key]) => key);
    expect(stale, 'matrix rows for routes that do not exist').toEqual([]);
  });

  it.for(Object.keys(MATRIX))('%s', async (key, testContext) => {
    const expectation = MATRIX[key]!;
    const exists = context.app.routeTable.some((route) => `${route.method} ${route.url}` === key);
    if (!exists) {
      // An optional row whose route is not there yet (the stale check above covers required ones).
      testContext.skip();
      return;
    }
    const wrong: string[] = [];
    for (const caller of callers) {
      const response = await call(key, expectation, caller);
      const expected = expectation.status[caller];
      if (response.status !== expected) {
        wrong.push(`${caller}: expected ${expected}, got ${response.status} ${response.text.slice(0, 200)}`);
        continue;
      }
      if (expected >= 400) {
        expect(response.headers['content-type'], `${key} as ${caller}`).toContain('application/problem+json');
        expect(response.body.code, `${key} as ${caller}`).toBe(problemCode[expected]);
      }
      if (expected === 404 && key.includes(':id')) {
        // Never reveal: someone else's object answers exactly like an id that does not exist.
        const unknown = await call(key, expectation, caller, { id: randomUUID() });
        expect(
          { status: unknown.status, code: unknown.body.code, detail: unknown.body.detail },
          `${key} as ${caller}, unknown id`,
        ).toEqual({
          status: 404,
          code: 'NOT_FOUND',
          detail: response.body.detail,
        });
      }
      if (expected < 400) {
        expectation.check?.(response, world, caller);
      }
    }
    expect(wrong, key).toEqual([]);
  });
});

describe('calendar feed', () => {
  it('opens with the secret of the mediator only, without a bearer token', async (testContext) => {
    if (!context.app.routeTable.some((route) => route.url === '/api/mediators/:id/calendar.ics')) {
      testContext.skip();
      return;
    }
    // The token may have been renewed by the matrix (calendar-token as coordinator): read the current one.
    const profile = await http(baseUrl, 'GET', `/api/mediators/${world.mediatorId}`, { headers: sessions.coordinator });
    const feed = new URL(profile.body.calendarUrl as string);
    const right = await http(baseUrl, 'GET', `${feed.pathname}${feed.search}`);
    expect(right.status).toBe(200);
    expect(right.headers['content-type']).toContain('text/calendar');
    // Another mediator's id with this secret: not found.
    const otherMediator = await createMediator(db, { languages: ['ro'] });
    const crossed = await http(baseUrl, 'GET', `/api/mediators/${otherMediator.id}/calendar.ics${feed.search}`);
    expect(crossed.status).toBe(404);
  });
});
