import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { liveEvents, offers, outbox } from '../../src/db/schema/index.js';
import { createOrganization, createSignedInUser } from '../helpers/factories.js';
import { createSignedInMediators, http, listen, type Headers } from '../helpers/http.js';
import { pendingOffers, requestBody } from '../helpers/requests.js';
import { createTestApp, type TestContext } from '../helpers/test-app.js';

const MINUTE = 60_000;
// A Tuesday, 09:00 in Rome.
const START = new Date('2027-03-09T08:00:00Z');
/** Offers live as long as the urgent search (30 min), so an in-person search ends at its deadline, not by expiry. */
const ENVIRONMENT = { DISPATCH_POLICY: JSON.stringify({ urgent: { waveSize: 5, offerTtlSeconds: 3600 } }) };

let context: TestContext;
let db: Database;
let baseUrl: string;
let requester: Headers;
let requesterUserId: string;
let coordinator: Headers;

beforeAll(async () => {
  context = await createTestApp({ now: START, environment: ENVIRONMENT });
  db = context.database.db;
  baseUrl = await listen(context.app);
  const school = await createOrganization(db, { districtId: 'vimercate', municipality: 'Vimercate' });
  const signedIn = await createSignedInUser(context.app, db, { role: 'requester', organizationId: school.id });
  requester = signedIn.headers;
  requesterUserId = signedIn.user.id;
  coordinator = (await createSignedInUser(context.app, db, { role: 'coordinator' })).headers;
});
afterAll(async () => context.close());

const post = (path: string, headers: Headers, body: object = {}) => http(baseUrl, 'POST', path, { headers, body });
const get = (path: string, headers: Headers) => http(baseUrl, 'GET', path, { headers });

type Timeline = { type: string; data: Record<string, unknown> }[];

async function create(body: object) {
  const created = await post('/api/requests', requester, body);
  expect(created.status, created.text).toBe(201);
  return created.body as { id: string; status: string; mode: string; originalMode: string | null; timeline: Timeline };
}

/** Someone in Vimercate who only goes in person, and someone in Seregno who only works by phone and video. */
async function mediatorsFor(languageCode: string) {
  const [inPerson] = await createSignedInMediators(context.app, db, 1, {
    languages: [languageCode],
    districtIds: ['vimercate'],
    modes: ['in_person'],
  });
  const [remote] = await createSignedInMediators(context.app, db, 1, {
    languages: [languageCode],
    districtIds: ['seregno'],
    homeDistrictId: 'seregno',
    modes: ['phone', 'video'],
  });
  return { inPerson: inPerson!, remote: remote! };
}

describe('POST /api/requests with remoteFallback', () => {
  it('is refused on a request that is already remote, naming remoteFallback', async () => {
    const response = await post(
      '/api/requests',
      requester,
      requestBody(START, { mode: 'phone', remoteFallback: 'video', languageCode: 'ar' }),
    );
    expect(response.status, response.text).toBe(400);
    expect(response.body.errors.map((error: { path: string }) => error.path)).toEqual(['remoteFallback']);
  });

  it('is refused on a remote series too, naming remoteFallback', async () => {
    const { startsAt, ...fields } = requestBody(START, { mode: 'video', remoteFallback: 'phone', languageCode: 'ar' });
    const response = await post('/api/series', requester, { ...fields, sessions: { dates: [startsAt] } });
    expect(response.status, response.text).toBe(400);
    expect(response.body.errors.map((error: { path: string }) => error.path)).toEqual(['remoteFallback']);
  });

  it('is refused when it is not a remote mode', async () => {
    const body = { ...requestBody(START, { languageCode: 'ar' }), remoteFallback: 'in_person' };
    const response = await post('/api/requests', requester, body);
    expect(response.status, response.text).toBe(400);
    expect(response.body.errors.map((error: { path: string }) => error.path)).toEqual(['remoteFallback']);
  });
});

describe('the remote fallback', () => {
  it('switches an in-person search to the phone at its deadline, driven by the clock, and goes on with remote mediators of every district', async () => {
    context.clock.set(START);
    const { inPerson, remote } = await mediatorsFor('ti');
    const request = await create(
      requestBody(START, { languageCode: 'ti', hoursAhead: 3, remoteFallback: 'phone', caseRef: 'FALL-1' }),
    );
    expect(request).toMatchObject({ status: 'searching', mode: 'in_person', originalMode: null });
    expect(await pendingOffers(context.app, inPerson.headers)).toHaveLength(1);
    expect(await pendingOffers(context.app, remote.headers)).toHaveLength(0);

    // Just before the deadline nothing changes.
    context.clock.set(new Date(START.getTime() + 29 * MINUTE));
    await context.app.dispatcher.sweepDueWork();
    expect((await get(`/api/requests/${request.id}`, requester)).body).toMatchObject({ mode: 'in_person' });

    context.clock.set(new Date(START.getTime() + 30 * MINUTE));
    await context.app.dispatcher.sweepDueWork();
    const switched = (await get(`/api/requests/${request.id}`, requester)).body as {
      status: string;
      mode: string;
      originalMode: string;
      remoteFallback: string;
      dispatch: { tier: string; deadline: string };
      timeline: Timeline;
    };
    expect(switched).toMatchObject({
      status: 'searching',
      mode: 'phone',
      originalMode: 'in_person',
      remoteFallback: 'phone',
    });
    // A new search, planned now: its own deadline, 30 minutes on.
    expect(new Date(switched.dispatch.deadline)).toEqual(new Date(START.getTime() + 60 * MINUTE));
    const fallback = switched.timeline.find((entry) => entry.type === 'remote_fallback');
    expect(fallback?.data).toMatchObject({ from: 'in_person', mode: 'phone', reason: 'deadline' });
    expect(switched.timeline.map((entry) => entry.type)).not.toContain('unfilled');

    // The in-person offer is over; the remote mediator from another district has one now.
    expect(await pendingOffers(context.app, inPerson.headers)).toHaveLength(0);
    const [offer] = await pendingOffers(context.app, remote.headers);
    expect(offer?.request.id).toBe(request.id);

    // The requester was told live and by e-mail.
    const live = await db
      .select()
      .from(liveEvents)
      .where(and(eq(liveEvents.requestId, request.id), eq(liveEvents.type, 'request.updated')))
      .orderBy(asc(liveEvents.id));
    expect(live.some((event) => event.data.remoteFallback === 'phone')).toBe(true);
    const mails = await db
      .select()
      .from(outbox)
      .where(and(eq(outbox.requestId, request.id), eq(outbox.kind, 'remote_fallback')));
    expect(mails.map((mail) => [mail.channel, mail.recipientUserId])).toEqual([['email', requesterUserId]]);

    // The remote mediator takes it; the request still says it was asked for in person.
    const accepted = await post(`/api/offers/${offer!.id}/accept`, remote.headers);
    expect(accepted.status, accepted.text).toBe(200);
    expect((await get(`/api/requests/${request.id}`, coordinator)).body).toMatchObject({
      status: 'assigned',
      mode: 'phone',
      originalMode: 'in_person',
    });
  });

  it('switches at once when nobody is left to go in person, at creation', async () => {
    context.clock.set(START);
    const [remote] = await createSignedInMediators(context.app, db, 1, {
      languages: ['so'],
      districtIds: ['carate'],
      modes: ['video'],
    });
    const request = await create(requestBody(START, { languageCode: 'so', hoursAhead: 50, remoteFallback: 'video' }));
    expect(request).toMatchObject({ status: 'searching', mode: 'video', originalMode: 'in_person' });
    const types = request.timeline.map((entry) => entry.type);
    expect(types).toEqual(expect.arrayContaining(['created', 'remote_fallback', 'offers_sent']));
    expect(request.timeline.find((entry) => entry.type === 'remote_fallback')?.data).toMatchObject({
      reason: 'no_candidates',
      mode: 'video',
    });
    expect(await pendingOffers(context.app, remote!.headers)).toHaveLength(1);
  });

  it('switches when the last in-person mediator declines, and never offers the request again to whoever was offered it in person', async () => {
    context.clock.set(START);
    const [both] = await createSignedInMediators(context.app, db, 1, {
      languages: ['am'],
      districtIds: ['vimercate'],
      modes: ['in_person', 'phone'],
    });
    const request = await create(requestBody(START, { languageCode: 'am', hoursAhead: 3, remoteFallback: 'phone' }));
    const [offer] = await pendingOffers(context.app, both!.headers);
    expect((await post(`/api/offers/${offer!.id}/decline`, both!.headers, {})).status).toBe(200);
    const after = (await get(`/api/requests/${request.id}`, coordinator)).body as {
      status: string;
      mode: string;
      originalMode: string;
      timeline: Timeline;
    };
    // Nobody else: the remote search ends unfilled too, and the request still says what was asked for.
    expect(after).toMatchObject({ status: 'unfilled', mode: 'phone', originalMode: 'in_person' });
    expect(after.timeline.map((entry) => entry.type)).toEqual(expect.arrayContaining(['remote_fallback', 'unfilled']));
    const offered = await db.select().from(offers).where(eq(offers.requestId, request.id));
    expect(offered).toHaveLength(1);
  });

  it('leaves a request without a fallback to end unfilled as before', async () => {
    context.clock.set(START);
    const request = await create(requestBody(START, { languageCode: 'ff', hoursAhead: 3 }));
    expect(request).toMatchObject({ status: 'unfilled', mode: 'in_person', originalMode: null });
    expect(request.timeline.map((entry) => entry.type)).not.toContain('remote_fallback');
  });

  it('is counted by the coverage-gap report, per language and district', async () => {
    const response = await get(
      `/api/reports/gaps?from=${encodeURIComponent(START.toISOString())}&to=${encodeURIComponent(new Date(START.getTime() + 30 * 86_400_000).toISOString())}`,
      coordinator,
    );
    expect(response.status, response.text).toBe(200);
    const rows = response.body.rows as {
      languageCode: string;
      districtId: string;
      unfilled: number;
      remoteFallbacks: number;
    }[];
    const row = (code: string) => rows.find((candidate) => candidate.languageCode === code);
    expect(row('ti')).toMatchObject({ districtId: 'vimercate', unfilled: 0, remoteFallbacks: 1 });
    expect(row('so')).toMatchObject({ districtId: 'vimercate', unfilled: 0, remoteFallbacks: 1 });
    expect(row('am')).toMatchObject({ districtId: 'vimercate', unfilled: 1, remoteFallbacks: 1 });
    expect(row('ff')).toMatchObject({ unfilled: 1, remoteFallbacks: 0 });
  });
});
