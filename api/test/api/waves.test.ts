import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { offers } from '../../src/db/schema/index.js';
import { createOrganization, createSignedInUser } from '../helpers/factories.js';
import { createSignedInMediators, http, type Headers } from '../helpers/http.js';
import { pendingOffers, postRequest, requestBody } from '../helpers/requests.js';
import { createTestApp, type TestContext } from '../helpers/test-app.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
// A Tuesday, 09:00 in Rome.
const START = new Date('2027-03-09T08:00:00Z');

/** The default policy's two rules beyond plain waves: the family's mediator first, and a last call. */
let context: TestContext;
let db: Database;
let requester: Headers;
let coordinator: Headers;

beforeAll(async () => {
  context = await createTestApp({ now: START });
  db = context.database.db;
  const service = await createOrganization(db, {
    kind: 'social_service',
    districtId: 'vimercate',
    municipality: 'Vimercate',
  });
  requester = (await createSignedInUser(context.app, db, { role: 'requester', organizationId: service.id })).headers;
  coordinator = (await createSignedInUser(context.app, db, { role: 'coordinator' })).headers;
});
afterAll(async () => context.close());

async function create(languageCode: string, hoursAhead: number, caseRef?: string): Promise<string> {
  const body = requestBody(context.clock.now(), {
    serviceType: 'social_interview',
    languageCode,
    hoursAhead,
    ...(caseRef ? { caseRef } : {}),
  });
  const created = await postRequest(context.app, requester, body);
  expect(created.status, created.text).toBe(201);
  return (created.body as { id: string }).id;
}

async function offersOf(requestId: string) {
  const rows = await db.select().from(offers).where(eq(offers.requestId, requestId));
  return rows.map(({ mediatorId, status, expiresAt }) => ({ mediatorId, status, expiresAt }));
}

async function wavesSent(requestId: string) {
  const detail = await http(context.app, 'GET', `/api/requests/${requestId}`, { headers: coordinator });
  expect(detail.statusCode, detail.text).toBe(200);
  const timeline = (detail.body as { timeline: { type: string; data: Record<string, unknown> }[] }).timeline;
  return timeline.filter((entry) => entry.type === 'offers_sent').map((entry) => entry.data);
}

async function sweepAt(at: Date) {
  context.clock.set(at);
  await context.app.dispatcher.sweepDueWork();
}

describe('the default waves', () => {
  it("offer a case's later request to the family's mediator alone first, then go on with the ranking", async () => {
    context.clock.set(START);
    const mediators = await createSignedInMediators(context.app, db, 3, { languages: ['ti'] });
    const family = mediators[1]!;
    const first = await create('ti', 3, 'FAM-7');
    const [offer] = (await pendingOffers(context.app, family.headers)).filter((item) => item.request.id === first);
    const accepted = await http(context.app, 'POST', `/api/offers/${offer!.id}/accept`, { headers: family.headers });
    expect(accepted.statusCode, accepted.text).toBe(200);

    // Two days ahead: one mediator at a time, the family's first.
    const later = await create('ti', 48, 'FAM-7');
    expect(await offersOf(later)).toEqual([
      { mediatorId: family.mediator.id, status: 'pending', expiresAt: new Date(START.getTime() + 6 * HOUR) },
    ]);
    expect(await wavesSent(later)).toEqual([expect.objectContaining({ wave: 1, reason: 'family_first', count: 1 })]);

    await sweepAt(new Date(START.getTime() + 6 * HOUR));
    const next = await offersOf(later);
    expect(next).toHaveLength(2);
    expect(next.find((row) => row.mediatorId !== family.mediator.id)).toMatchObject({ status: 'pending' });
    const second = (await wavesSent(later))[1];
    expect(second).toMatchObject({ wave: 2, count: 1 });
    expect(second).not.toHaveProperty('reason');
  });

  it('call back, once and until the deadline, whoever let an urgent offer expire, but not who declined', async () => {
    context.clock.set(START);
    const [slow, declining, late] = await createSignedInMediators(context.app, db, 3, { languages: ['am'] });
    const request = await create('am', 3);
    const deadline = new Date(START.getTime() + 30 * MINUTE);
    expect((await offersOf(request)).map((row) => row.status)).toEqual(['pending', 'pending', 'pending']);
    const [toDecline] = await pendingOffers(context.app, declining!.headers);
    await http(context.app, 'POST', `/api/offers/${toDecline!.id}/decline`, { headers: declining!.headers, body: {} });

    await sweepAt(new Date(START.getTime() + 15 * MINUTE));
    const called = (await offersOf(request)).filter((row) => row.status === 'pending');
    expect(called.map((row) => row.mediatorId).sort()).toEqual([slow!.mediator.id, late!.mediator.id].sort());
    expect(called.every((row) => row.expiresAt.getTime() === deadline.getTime())).toBe(true);
    expect((await wavesSent(request))[1]).toMatchObject({ wave: 2, reason: 'last_call', count: 2 });

    // A late answer is still in time.
    const [lastCall] = await pendingOffers(context.app, late!.headers);
    const accepted = await http(context.app, 'POST', `/api/offers/${lastCall!.id}/accept`, { headers: late!.headers });
    expect(accepted.statusCode, accepted.text).toBe(200);
  });

  it('give an urgent request up at its deadline after the last call, with no call after it', async () => {
    context.clock.set(START);
    await createSignedInMediators(context.app, db, 2, { languages: ['ps'] });
    const request = await create('ps', 3);
    await sweepAt(new Date(START.getTime() + 15 * MINUTE));
    await sweepAt(new Date(START.getTime() + 30 * MINUTE));
    const detail = await http(context.app, 'GET', `/api/requests/${request}`, { headers: coordinator });
    expect(detail.body).toMatchObject({ status: 'unfilled' });
    expect((await wavesSent(request)).map((wave) => wave.reason ?? 'ranked')).toEqual(['ranked', 'last_call']);
  });
});
