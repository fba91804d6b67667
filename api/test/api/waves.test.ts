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

/** The defaults beyond plain waves: the family's mediator first, a last call (early as the deadline nears). */
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

    // Three days ahead: one mediator at a time, the family's first (the last call is 22 h away).
    const later = await create('ti', 70, 'FAM-7');
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

  it('offer it to whoever was booked for the family most recently when several served it', async () => {
    context.clock.set(START);
    // By id the earlier mediator would come first, by start too: only the latest booking puts the other ahead.
    const [earlier, latest] = (await createSignedInMediators(context.app, db, 2, { languages: ['wo'] })).sort(
      (first, second) => (first.mediator.id < second.mediator.id ? -1 : 1),
    );
    for (const [mediator, hoursAhead, minutesLater] of [
      [earlier!, 6, 0],
      [latest!, 3, 1],
    ] as const) {
      context.clock.set(new Date(START.getTime() + minutesLater * MINUTE));
      const id = await create('wo', hoursAhead, 'FAM-9');
      const [offer] = (await pendingOffers(context.app, mediator.headers)).filter((item) => item.request.id === id);
      const accepted = await http(context.app, 'POST', `/api/offers/${offer!.id}/accept`, {
        headers: mediator.headers,
      });
      expect(accepted.statusCode, accepted.text).toBe(200);
    }

    const later = await create('wo', 70, 'FAM-9');
    expect((await offersOf(later)).map((row) => row.mediatorId)).toEqual([latest!.mediator.id]);
    expect(await wavesSent(later)).toEqual([expect.objectContaining({ reason: 'family_first' })]);
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

  it("give the family's mediator half the time left when a request comes too late for anything but a last call", async () => {
    context.clock.set(START);
    const [family, other] = await createSignedInMediators(context.app, db, 2, { languages: ['ha'] });
    const first = await create('ha', 3, 'FAM-11');
    const [offer] = (await pendingOffers(context.app, family!.headers)).filter((item) => item.request.id === first);
    const accepted = await http(context.app, 'POST', `/api/offers/${offer!.id}/accept`, { headers: family!.headers });
    expect(accepted.statusCode, accepted.text).toBe(200);

    // 30 h ahead: the search ends 6 h from now, so its last call is due at once; the family goes first for 3 h.
    const later = await create('ha', 30, 'FAM-11');
    expect(await offersOf(later)).toEqual([
      { mediatorId: family!.mediator.id, status: 'pending', expiresAt: new Date(START.getTime() + 3 * HOUR) },
    ]);
    await sweepAt(new Date(START.getTime() + 3 * HOUR));
    const called = (await offersOf(later)).filter((row) => row.status === 'pending');
    expect(called.map((row) => row.mediatorId).sort()).toEqual([family!.mediator.id, other!.mediator.id].sort());
    expect((await wavesSent(later)).map((wave) => wave.reason)).toEqual(['family_first', 'last_call']);
  });

  it('call everyone left 24 h before the deadline of a 1–3 day request, while an offer is still pending', async () => {
    context.clock.set(START);
    await createSignedInMediators(context.app, db, 4, { languages: ['ff'] });
    // 62 h ahead: the search ends 38 h from now, its last call is due 14 h from now.
    const request = await create('ff', 62);
    const at = (hours: number) => new Date(START.getTime() + hours * HOUR);
    await sweepAt(at(6));
    await sweepAt(at(12));
    expect((await offersOf(request)).map((row) => row.status).sort()).toEqual(['expired', 'expired', 'pending']);

    await sweepAt(at(14));
    const offered = await offersOf(request);
    expect(offered.map((row) => row.status)).toEqual(['pending', 'pending', 'pending', 'pending']);
    // The one from 12 h keeps its own life; the two who let theirs expire and the one never asked get the last call.
    expect(offered.map((row) => row.expiresAt.getTime() - START.getTime()).sort((a, b) => a - b)).toEqual([
      18 * HOUR,
      38 * HOUR,
      38 * HOUR,
      38 * HOUR,
    ]);
    expect((await wavesSent(request)).map((wave) => [wave.reason ?? 'ranked', wave.count])).toEqual([
      ['ranked', 1],
      ['ranked', 1],
      ['ranked', 1],
      ['last_call', 3],
    ]);
  });
});
