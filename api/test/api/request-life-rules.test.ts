import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { createOrganization, createSignedInUser } from '../helpers/factories.js';
import { createSignedInMediators, http, listen, type Headers } from '../helpers/http.js';
import { pendingOffers, requestBody } from '../helpers/requests.js';
import { createTestApp, type TestContext } from '../helpers/test-app.js';

const MINUTE = 60_000;
// A Tuesday, 09:00 in Rome.
const START = new Date('2027-03-09T08:00:00Z');
/** Waves of two, so one request reaches two of three mediators, then the third once an offer is gone. */
const ENVIRONMENT = { DISPATCH_POLICY: JSON.stringify({ urgent: { waveSize: 2 } }) };

let context: TestContext;
let db: Database;
let baseUrl: string;
let requester: Headers;
let coordinator: Headers;

beforeAll(async () => {
  context = await createTestApp({ now: START, environment: ENVIRONMENT });
  db = context.database.db;
  baseUrl = await listen(context.app);
  const school = await createOrganization(db, { districtId: 'vimercate', municipality: 'Vimercate' });
  requester = (await createSignedInUser(context.app, db, { role: 'requester', organizationId: school.id })).headers;
  coordinator = (await createSignedInUser(context.app, db, { role: 'coordinator' })).headers;
});
afterAll(async () => context.close());

const post = (path: string, headers: Headers, body: object = {}) => http(baseUrl, 'POST', path, { headers, body });
const get = (path: string, headers: Headers) => http(baseUrl, 'GET', path, { headers });

type TimelineEntry = { type: string; actor: { userId: string } | null; data: Record<string, unknown> };

// Issue 13, point 5: who was offered a request, declined it or let an offer expire is the provider's business.
describe("the requester's timeline", () => {
  it('counts offers, declines and expiries without naming a mediator; the coordinator sees who', async () => {
    context.clock.set(START);
    const mediators = await createSignedInMediators(context.app, db, 3, { languages: ['wo'] });
    const created = await post('/api/requests', requester, requestBody(START, { languageCode: 'wo', hoursAhead: 3 }));
    expect(created.status, created.text).toBe(201);
    const id = (created.body as { id: string }).id;

    const holders = [];
    for (const mediator of mediators) {
      const [offer] = await pendingOffers(context.app, mediator.headers);
      if (offer) holders.push({ mediator, offer });
    }
    expect(holders).toHaveLength(2);
    const declined = await post(`/api/offers/${holders[0]!.offer.id}/decline`, holders[0]!.mediator.headers, {
      reason: 'impegnata',
    });
    expect(declined.status, declined.text).toBe(200);
    // The second offer expires, and the next wave goes to the third mediator.
    context.clock.set(new Date(START.getTime() + 25 * MINUTE));
    await context.app.dispatcher.sweepDueWork();

    const mediatorIds = mediators.map((mediator) => mediator.mediator.id);
    const mediatorUserIds = mediators.map((mediator) => mediator.user.id);
    const seenByRequester = await get(`/api/requests/${id}`, requester);
    expect(seenByRequester.status).toBe(200);
    for (const secret of [...mediatorIds, ...mediatorUserIds]) {
      expect(seenByRequester.text).not.toContain(secret);
      expect(created.text).not.toContain(secret);
    }
    const requesterTimeline = seenByRequester.body.timeline as TimelineEntry[];
    const sent = requesterTimeline.filter((entry) => entry.type === 'offers_sent');
    expect(sent.map((entry) => entry.data.count)).toEqual([2, 1]);
    expect(requesterTimeline.find((entry) => entry.type === 'offer_declined')).toMatchObject({
      actor: null,
      data: { count: 1 },
    });
    expect(requesterTimeline.filter((entry) => entry.type === 'offers_expired').length).toBeGreaterThan(0);

    const seenByCoordinator = await get(`/api/requests/${id}`, coordinator);
    const coordinatorTimeline = seenByCoordinator.body.timeline as TimelineEntry[];
    const offered = coordinatorTimeline
      .filter((entry) => entry.type === 'offers_sent')
      .flatMap((entry) => entry.data.mediatorIds as string[]);
    expect(offered.sort()).toEqual([...mediatorIds].sort());
    expect(coordinatorTimeline.find((entry) => entry.type === 'offer_declined')).toMatchObject({
      actor: { userId: holders[0]!.mediator.user.id },
      data: { mediatorId: holders[0]!.mediator.mediator.id },
    });
  });
});

// Issue 13, point 12: a report must match what can have happened.
describe('completion', () => {
  it('refuses more minutes than have passed since the start, beyond 15 minutes of tolerance, naming actualMinutes', async () => {
    context.clock.set(START);
    const [mediator] = await createSignedInMediators(context.app, db, 1, { languages: ['bm'] });
    const created = await post('/api/requests', requester, requestBody(START, { languageCode: 'bm', hoursAhead: 1 }));
    const id = (created.body as { id: string }).id;
    const [offer] = await pendingOffers(context.app, mediator!.headers);
    expect((await post(`/api/offers/${offer!.id}/accept`, mediator!.headers)).status).toBe(200);

    const startsAt = START.getTime() + 60 * MINUTE;
    context.clock.set(new Date(startsAt + 30_000));
    const tooMany = await post(`/api/requests/${id}/complete`, mediator!.headers, {
      actualMinutes: 75,
      outcome: 'done',
    });
    expect(tooMany.status, tooMany.text).toBe(400);
    expect(tooMany.headers['content-type']).toContain('application/problem+json');
    expect(tooMany.body.errors.map((error: { path: string }) => error.path)).toEqual(['actualMinutes']);
    expect((await get(`/api/requests/${id}`, coordinator)).body.status).toBe('assigned');

    context.clock.set(new Date(startsAt + 45 * MINUTE));
    const justBeyond = await post(`/api/requests/${id}/complete`, mediator!.headers, {
      actualMinutes: 61,
      outcome: 'done',
    });
    expect(justBeyond.status).toBe(400);
    const withinTolerance = await post(`/api/requests/${id}/complete`, mediator!.headers, {
      actualMinutes: 60,
      outcome: 'done',
    });
    expect(withinTolerance.status, withinTolerance.text).toBe(200);
    expect(withinTolerance.body).toMatchObject({ status: 'completed', completion: { actualMinutes: 60 } });
  });
});
