import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { createOrganization, createSignedInUser, TEST_PASSWORD } from '../helpers/factories.js';
import { createSignedInMediators, http, type Headers, type Method } from '../helpers/http.js';
import { pendingOffers, requestBody } from '../helpers/requests.js';
import { createTestApp, type TestContext } from '../helpers/test-app.js';

// Issue 13, point 1, rerun as a test: every route that takes a body or a query, called with a valid
// input in which one field (or one query parameter) is replaced by a bad value. Whatever the value, the
// answer is a 4xx problem+json (or a success), never a 5xx: bad input is decided by the shared schemas.

const START = new Date('2027-03-09T08:00:00Z');

let context: TestContext;
let db: Database;

interface Case {
  method: Method;
  path: string;
  as: Headers;
  body?: Record<string, unknown>;
  query?: Record<string, string>;
}
let cases: Case[] = [];

beforeAll(async () => {
  context = await createTestApp({ now: START });
  db = context.database.db;
  const school = await createOrganization(db, { districtId: 'vimercate', municipality: 'Vimercate' });
  const requester = (await createSignedInUser(context.app, db, { role: 'requester', organizationId: school.id }))
    .headers;
  const coordinator = (await createSignedInUser(context.app, db, { role: 'coordinator' })).headers;
  const [mediator] = await createSignedInMediators(context.app, db, 1, { languages: ['ar'] });
  const created = await http(context.baseUrl, 'POST', '/api/requests', {
    headers: requester,
    body: requestBody(START, { hoursAhead: 30 }),
  });
  expect(created.status, created.text).toBe(201);
  const requestId = (created.body as { id: string }).id;
  const [offer] = await pendingOffers(context.app, mediator!.headers);
  expect(offer).toBeDefined();
  const mediatorId = mediator!.mediator.id;
  const calendar = await http(context.baseUrl, 'GET', `/api/mediators/${mediatorId}`, { headers: coordinator });
  const calendarToken = new URL((calendar.body as { calendarUrl: string }).calendarUrl).searchParams.get('token')!;

  const period = { from: '2027-01-01', to: '2027-04-01' };
  const mediatorBody = {
    fullName: 'Amina Haddad',
    email: 'amina.haddad@test.ponte',
    phone: '+39 333 1234567',
    gender: 'female',
    languages: [{ code: 'ar', dialects: ['darija'], level: 'native' }],
    districtIds: ['vimercate'],
    homeDistrictId: 'vimercate',
    modes: ['in_person', 'phone'],
    qualifications: ['school'],
    maxWeeklyMinutes: 600,
  };
  cases = [
    { method: 'PATCH', path: '/api/me', as: coordinator, body: { name: 'Giulia', locale: 'it' } },
    { method: 'GET', path: '/api/users', as: coordinator, query: { limit: '10', offset: '0' } },
    {
      method: 'POST',
      path: '/api/users',
      as: coordinator,
      body: { email: 'nuovo@test.ponte', name: 'Nuovo', role: 'requester', organizationId: school.id },
    },
    { method: 'POST', path: '/api/auth/login', as: {}, body: { email: 'nobody@test.ponte', password: TEST_PASSWORD } },
    {
      method: 'POST',
      path: '/api/auth/accept-invite',
      as: {},
      body: { token: 'not-a-real-invitation-token', password: 'a long new password' },
    },
    { method: 'GET', path: '/api/offers', as: mediator!.headers, query: { status: 'pending' } },
    { method: 'POST', path: `/api/offers/${offer!.id}/decline`, as: mediator!.headers, body: { reason: 'busy' } },
    {
      method: 'POST',
      path: '/api/requests',
      as: requester,
      body: {
        ...requestBody(START, { hoursAhead: 50 }),
        dialect: 'darija',
        location: { address: 'Via Roma 1', municipality: 'Vimercate' },
        genderPreference: 'female',
        caseRef: 'IC-2027-1',
        subject: { pupilInitials: 'A.B.', pupilAge: 9, classGrade: '3ª A', arrivalDate: '2027-02-01' },
        notes: 'Prima accoglienza',
      },
    },
    {
      method: 'GET',
      path: '/api/requests',
      as: coordinator,
      query: {
        status: 'searching,assigned',
        from: '2027-03-01T00:00:00Z',
        to: '2027-04-01T00:00:00+02:00',
        organizationId: school.id,
        languageCode: 'ar',
        awaitingConfirmation: 'false',
        limit: '10',
        offset: '0',
      },
    },
    { method: 'POST', path: `/api/requests/${requestId}/assign`, as: coordinator, body: { mediatorId } },
    { method: 'POST', path: `/api/requests/${requestId}/withdraw`, as: mediator!.headers, body: { reason: 'ill' } },
    {
      method: 'POST',
      path: `/api/requests/${requestId}/complete`,
      as: mediator!.headers,
      body: { actualMinutes: 60, outcome: 'done', note: 'ok' },
    },
    {
      method: 'POST',
      path: `/api/requests/${requestId}/confirm`,
      as: requester,
      body: { confirmed: true, rating: 5, comment: 'grazie' },
    },
    { method: 'POST', path: `/api/requests/${requestId}/cancel`, as: requester, body: { reason: 'family moved' } },
    { method: 'GET', path: '/api/organizations', as: coordinator, query: { limit: '10', offset: '0' } },
    {
      method: 'POST',
      path: '/api/organizations',
      as: coordinator,
      body: {
        name: 'IC Test',
        kind: 'school',
        municipality: 'Vimercate',
        districtId: 'vimercate',
        address: 'Via Roma 2',
        phone: '039 6081234',
      },
    },
    {
      method: 'PATCH',
      path: `/api/organizations/${school.id}`,
      as: coordinator,
      body: { name: 'IC Don Milani', phone: '039 6081234', address: 'Via Roma 3' },
    },
    { method: 'GET', path: '/api/reports/summary', as: coordinator, query: { ...period, groupBy: 'month' } },
    { method: 'GET', path: '/api/reports/gaps', as: coordinator, query: period },
    { method: 'GET', path: '/api/reports/fairness', as: coordinator, query: period },
    {
      method: 'GET',
      path: '/api/mediators',
      as: coordinator,
      query: { language: 'ar', districtId: 'vimercate', active: 'true', limit: '10', offset: '0' },
    },
    { method: 'POST', path: '/api/mediators', as: coordinator, body: mediatorBody },
    { method: 'PATCH', path: `/api/mediators/${mediatorId}`, as: coordinator, body: mediatorBody },
    {
      method: 'PUT',
      path: `/api/mediators/${mediatorId}/availability`,
      as: mediator!.headers,
      body: {
        weekly: [{ weekday: 1, start: '08:00', end: '24:00' }],
        timeOff: [{ startsAt: '2027-05-01T00:00:00+02:00', endsAt: '2027-05-02T00:00:00+02:00', reason: 'ferie' }],
      },
    },
    {
      method: 'GET',
      path: `/api/mediators/${mediatorId}/assignments`,
      as: mediator!.headers,
      query: { from: '2027-03-01T00:00:00Z', to: '2027-04-01T00:00:00Z' },
    },
    { method: 'GET', path: `/api/mediators/${mediatorId}/calendar.ics`, as: {}, query: { token: calendarToken } },
    // A valid token would open a stream that never ends; the query is still parsed before the token is read.
    { method: 'GET', path: '/api/events', as: {}, query: { access_token: 'not-a-token', lastEventId: '0' } },
  ];
});
afterAll(async () => context.close());

/** Every place a value sits in a body: `["location", "address"]`, `["languages", 0, "code"]`… */
function leafPaths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return value.flatMap((item, index) => leafPaths(item, [...prefix, index]));
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([key, item]) => leafPaths(item, [...prefix, key]));
  return [prefix];
}

function withValue(body: unknown, path: (string | number)[], replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path;
  const copy = (Array.isArray(body) ? [...body] : { ...(body as object) }) as Record<string | number, unknown>;
  copy[head!] = withValue(copy[head!], rest, replacement);
  return copy;
}

/** Percent-encodes any JS string; a lone surrogate, which UTF-8 cannot hold, goes as its raw (invalid) bytes. */
function encodeQueryValue(value: string): string {
  let encoded = '';
  for (const character of value) {
    try {
      encoded += encodeURIComponent(character);
    } catch {
      encoded += `%ED%${(0xa0 + ((character.charCodeAt(0) >> 6) & 0x1f)).toString(16).toUpperCase()}%80`;
    }
  }
  return encoded;
}

const ISSUE_VALUES = [
  'a\u0000b',
  '\ud800',
  'x\u0007y',
  '\u001b[31m',
  '0000-01-01T00:00:00Z',
  '+010000-01-02T01:29:59Z',
  '9999-12-31T23:59:59Z',
  '0000-01-01',
];

const nastyText = fc
  .array(
    fc.oneof(
      fc.string({ unit: 'binary', maxLength: 5 }),
      fc.constantFrom('\u0000', '\ud800', '\udfff', '\u0085', '\u007f', '\n', '\t', '\u202e', '%', '&', '=', '#'),
    ),
    { maxLength: 6 },
  )
  .map((parts) => parts.join(''));
const extremeDate = fc
  .tuple(
    fc.constantFrom('0000', '0001', '9999', '+010000', '-000001', '+275760', '2027'),
    fc.constantFrom('-01-01', '-12-31', '-02-30', '-13-01'),
    fc.constantFrom('', 'T00:00:00Z', 'T23:59:59Z', 'T24:00:00Z', 'T00:30:00+01:00', 'T23:59:59.999-14:00'),
  )
  .map((parts) => parts.join(''));
const badValue: fc.Arbitrary<unknown> = fc.oneof(
  nastyText,
  extremeDate,
  fc.constantFrom(...ISSUE_VALUES),
  fc.string({ minLength: 3000, maxLength: 3000 }),
  fc.oneof(fc.integer(), fc.double(), fc.constantFrom(1e308, -1e308, 2 ** 53, -0)),
  fc.constantFrom(null, true, false, [], {}, [null], { '': 1 }, { __proto__: { admin: true } }),
);

async function call(testCase: Case, body: unknown, query: Record<string, string> | undefined) {
  const search = query
    ? `?${Object.entries(query)
        .map(([name, value]) => `${encodeURIComponent(name)}=${encodeQueryValue(value)}`)
        .join('&')}`
    : '';
  return http(context.baseUrl, testCase.method, `${testCase.path}${search}`, {
    headers: testCase.as,
    ...(body === undefined ? {} : { body }),
  });
}

function expectNoServerError(response: Awaited<ReturnType<typeof call>>, what: string) {
  expect(response.status, `${what} → ${response.status} ${response.text.slice(0, 300)}`).toBeLessThan(500);
  if (response.status >= 400) {
    expect(response.headers['content-type'], what).toContain('application/problem+json');
    expect(typeof response.body.code, what).toBe('string');
  }
}

describe('bad values in every field of every route', () => {
  it('the values of issue 13 in each field: 4xx problem+json, never 5xx', async () => {
    let calls = 0;
    for (const testCase of cases) {
      if (testCase.body) {
        for (const path of leafPaths(testCase.body)) {
          for (const value of ISSUE_VALUES) {
            const response = await call(testCase, withValue(testCase.body, path, value), testCase.query);
            expectNoServerError(
              response,
              `${testCase.method} ${testCase.path} ${path.join('.')}=${JSON.stringify(value)}`,
            );
            calls += 1;
          }
        }
      }
      for (const name of Object.keys(testCase.query ?? {})) {
        for (const value of ISSUE_VALUES) {
          const response = await call(testCase, testCase.body, { ...testCase.query, [name]: value });
          expectNoServerError(response, `${testCase.method} ${testCase.path} ?${name}=${JSON.stringify(value)}`);
          calls += 1;
        }
      }
    }
    expect(calls).toBeGreaterThan(500);
  });

  it('random bad values, one field at a time (fast-check): never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: 10_000 }),
        fc.nat({ max: 10_000 }),
        badValue,
        fc.boolean(),
        async (caseIndex, fieldIndex, value, inQuery) => {
          const testCase = cases[caseIndex % cases.length]!;
          const queryNames = Object.keys(testCase.query ?? {});
          if ((inQuery || !testCase.body) && queryNames.length > 0) {
            const name = queryNames[fieldIndex % queryNames.length]!;
            const text = typeof value === 'string' ? value : JSON.stringify(value);
            const response = await call(testCase, testCase.body, { ...testCase.query, [name]: text });
            expectNoServerError(response, `${testCase.method} ${testCase.path} ?${name}=${JSON.stringify(text)}`);
          } else if (testCase.body) {
            const paths = leafPaths(testCase.body);
            const path = paths[fieldIndex % paths.length]!;
            const response = await call(testCase, withValue(testCase.body, path, value), testCase.query);
            expectNoServerError(
              response,
              `${testCase.method} ${testCase.path} ${path.join('.')}=${JSON.stringify(value)}`,
            );
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it('an empty PATCH body, or one of unknown keys only, is a 400 naming the body', async () => {
    for (const testCase of cases.filter((candidate) => candidate.method === 'PATCH')) {
      for (const body of [{}, { nickname: 'x', __unknown: 1 }]) {
        const response = await call(testCase, body, undefined);
        expect(response.status, `${testCase.path} ${JSON.stringify(body)}: ${response.text}`).toBe(400);
        expect(response.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ path: 'body' }] });
      }
    }
  });
});

describe('phone numbers as people write them', () => {
  it.each(['(039) 6081234', '+39 (039) 6081234', '+39.039.6081234', '039 6081234 int. 12'])(
    'an organization and a request take %j and store it in E.164',
    async (written) => {
      const coordinator = cases.find((candidate) => candidate.path === '/api/organizations')!.as;
      const organization = await http(context.baseUrl, 'POST', '/api/organizations', {
        headers: coordinator,
        body: {
          name: `IC ${written}`,
          kind: 'school',
          municipality: 'Vimercate',
          districtId: 'vimercate',
          address: 'Via Roma 4',
          phone: written,
        },
      });
      expect(organization.status, organization.text).toBe(201);
      const stored = written.includes('int.') ? '+390396081234;ext=12' : '+390396081234';
      expect(organization.body.phone).toBe(stored);

      const requestCase = cases.find((candidate) => candidate.method === 'POST' && candidate.path === '/api/requests')!;
      const created = await http(context.baseUrl, 'POST', '/api/requests', {
        headers: requestCase.as,
        body: { ...requestBody(START, { hoursAhead: 70 }), contactPhone: written },
      });
      expect(created.status, created.text).toBe(201);
      expect(created.body.contactPhone).toBe(stored);
    },
  );

  it('refuses what is not a phone number, naming the field', async () => {
    const requestCase = cases.find((candidate) => candidate.method === 'POST' && candidate.path === '/api/requests')!;
    const refused = await http(context.baseUrl, 'POST', '/api/requests', {
      headers: requestCase.as,
      body: { ...requestBody(START, { hoursAhead: 70 }), contactPhone: 'chiedere in segreteria' },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([{ path: 'contactPhone', message: 'is not a phone number' }]);
  });
});
