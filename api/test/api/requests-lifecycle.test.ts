import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rowsOf, type Database } from '../../src/db/client.js';
import { createOrganization, createSignedInUser, type MediatorOptions } from '../helpers/factories.js';
import { createSignedInMediators, http } from '../helpers/http.js';
import { pendingOffers, postRequest, requestBody } from '../helpers/requests.js';
import { createTestApp, type TestContext } from '../helpers/test-app.js';
import { plainWavesEnvironment } from '../helpers/policies.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
// A Tuesday, 09:00 in Rome.
const START = new Date('2027-03-09T08:00:00Z');

let context: TestContext;
let db: Database;
let requester: Awaited<ReturnType<typeof createSignedInUser>>;
let coordinator: Awaited<ReturnType<typeof createSignedInUser>>;

beforeAll(async () => {
  context = await createTestApp({ now: START, environment: plainWavesEnvironment() });
  db = context.database.db;
  const school = await createOrganization(db, { districtId: 'vimercate', municipality: 'Vimercate' });
  requester = await createSignedInUser(context.app, db, { role: 'requester', organizationId: school.id });
  coordinator = await createSignedInUser(context.app, db, { role: 'coordinator' });
});
afterAll(async () => context.close());

/** A roster of mediators speaking one language (unique per test), each with a signed-in account. */
const roster = (count: number, languageCode: string, options: MediatorOptions = {}) =>
  createSignedInMediators(context.app, db, count, { languages: [languageCode], ...options });

const get = (id: string, headers = coordinator.headers) => http(context.app, 'GET', `/api/requests/${id}`, { headers });
const post = (url: string, headers: Record<string, string>, payload: object = {}) =>
  http(context.app, 'POST', url, { headers, body: payload });

describe('request life', () => {
  it('urgent: broadcasts to a wave of five, the first accept wins, the others are withdrawn', async () => {
    context.clock.set(START);
    const mediators = await roster(7, 'ur');
    const created = await postRequest(
      context.app,
      requester.headers,
      requestBody(START, { languageCode: 'ur', hoursAhead: 3 }),
    );
    expect(created.statusCode).toBe(201);
    const request = created.body;
    expect(request).toMatchObject({ status: 'searching', dispatch: { tier: 'urgent', wave: 1, pendingOffers: 5 } });

    const offered = [];
    for (const mediator of mediators) {
      const offers = await pendingOffers(context.app, mediator.headers);
      if (offers.length > 0) offered.push({ mediator, offer: offers[0]! });
    }
    expect(offered).toHaveLength(5);
    expect(offered[0]!.offer).not.toHaveProperty('request.contactName');

    const [first, second] = offered;
    const accepted = await post(`/api/offers/${first!.offer.id}/accept`, first!.mediator.headers);
    expect(accepted.statusCode).toBe(200);
    expect(accepted.body.request).toMatchObject({
      status: 'assigned',
      assignedMediator: { id: first!.mediator.mediator.id },
      contactName: 'Maestra Rossi',
    });

    const late = await post(`/api/offers/${second!.offer.id}/accept`, second!.mediator.headers);
    expect(late.statusCode).toBe(409);
    expect(late.body.code).toBe('OFFER_UNAVAILABLE');
    expect(await pendingOffers(context.app, second!.mediator.headers)).toHaveLength(0);

    const seenByRequester = (await get(request.id, requester.headers)).body;
    expect(seenByRequester.status).toBe('assigned');
    expect(seenByRequester.timeline.map((entry: { type: string }) => entry.type)).toEqual([
      'created',
      'offers_sent',
      'accepted',
    ]);
    // Who did what, and when: the sweep and the dispatcher act as nobody.
    expect(seenByRequester.timeline).toMatchObject([
      {
        at: START.toISOString(),
        actor: { userId: requester.user.id, name: requester.user.name, role: 'requester' },
        data: { tier: 'urgent' },
      },
      { at: START.toISOString(), actor: null, data: { wave: 1, count: 5 } },
      {
        at: START.toISOString(),
        actor: { userId: first!.mediator.user.id, role: 'mediator' },
        data: { mediatorId: first!.mediator.mediator.id, offerId: first!.offer.id },
      },
    ]);
    // The assigned mediator may read the request now; another mediator may not.
    expect((await get(request.id, first!.mediator.headers)).statusCode).toBe(200);
    expect((await get(request.id, second!.mediator.headers)).statusCode).toBe(404);
  });

  it('planned: a cascade of one offer at a time, then everyone left after three waves', async () => {
    context.clock.set(START);
    const mediators = await roster(6, 'ps');
    const request = (
      await postRequest(context.app, requester.headers, requestBody(START, { languageCode: 'ps', hoursAhead: 24 * 10 }))
    ).body;
    expect(request.dispatch).toMatchObject({ tier: 'planned', wave: 1, pendingOffers: 1 });

    // The offer lives two hours; then the next wave goes to one more mediator.
    context.clock.advance(2 * HOUR);
    await context.app.dispatcher.sweepDueWork();
    expect((await get(request.id)).body.dispatch).toMatchObject({ wave: 2, pendingOffers: 1 });

    // A decline moves on at once, without waiting for the sweep.
    const holder = await findHolder(mediators);
    expect(
      (await post(`/api/offers/${holder.offer.id}/decline`, holder.mediator.headers, { reason: 'busy' })).statusCode,
    ).toBe(200);
    expect((await get(request.id)).body.dispatch).toMatchObject({ wave: 3, pendingOffers: 1 });

    context.clock.advance(2 * HOUR);
    await context.app.dispatcher.sweepDueWork();
    // Three waves sent one mediator each: the fourth goes to all three remaining.
    expect((await get(request.id)).body.dispatch).toMatchObject({ wave: 4, pendingOffers: 3 });
  });

  it('becomes unfilled when nobody is left, and expires when its start passes', async () => {
    context.clock.set(START);
    const [only] = await roster(1, 'ha');
    const request = (
      await postRequest(context.app, requester.headers, requestBody(START, { languageCode: 'ha', hoursAhead: 2 }))
    ).body;
    const [offer] = await pendingOffers(context.app, only!.headers);
    await post(`/api/offers/${offer!.id}/decline`, only!.headers);
    const unfilled = (await get(request.id)).body;
    expect(unfilled.status).toBe('unfilled');
    // Why, as counts per reason (for the coverage-gap report): the one speaker declined.
    expect(unfilled.timeline.at(-1)).toMatchObject({
      type: 'unfilled',
      data: { reason: 'no_candidates', matching: { speakers: 1, reasons: { declined: 1 } } },
    });

    context.clock.advance(2 * HOUR + MINUTE);
    await context.app.dispatcher.sweepDueWork();
    expect((await get(request.id)).body.status).toBe('expired');
  });

  it('is unfilled at once when nobody is eligible, and unfilled after 30 minutes when an urgent wave goes unanswered', async () => {
    context.clock.set(START);
    const nobody = await postRequest(context.app, requester.headers, requestBody(START, { languageCode: 'bm' }));
    expect(nobody.body.status).toBe('unfilled');

    const [slow] = await roster(1, 'ff');
    const request = (
      await postRequest(context.app, requester.headers, requestBody(START, { languageCode: 'ff', hoursAhead: 5 }))
    ).body;
    expect(request.status).toBe('searching');
    context.clock.advance(10 * MINUTE);
    await context.app.dispatcher.sweepDueWork();
    const afterExpiry = (await get(request.id)).body;
    expect(afterExpiry.status).toBe('unfilled');
    expect(afterExpiry.timeline.map((entry: { type: string }) => entry.type)).toContain('offers_expired');
    expect(await pendingOffers(context.app, slow!.headers)).toHaveLength(0);
  });

  it('withdraw sends the request back to searching without the withdrawing mediator', async () => {
    context.clock.set(START);
    const mediators = await roster(2, 'si', {});
    const request = (
      await postRequest(context.app, requester.headers, requestBody(START, { languageCode: 'si', hoursAhead: 30 }))
    ).body;
    // 24–72 h: a wave of three (here both mediators).
    expect(request.dispatch).toMatchObject({ tier: 'soon', pendingOffers: 2 });
    const holder = await findHolder(mediators);
    expect((await post(`/api/offers/${holder.offer.id}/accept`, holder.mediator.headers)).statusCode).toBe(200);

    const withdrawn = await post(`/api/requests/${request.id}/withdraw`, holder.mediator.headers, { reason: 'sick' });
    expect(withdrawn.statusCode).toBe(200);
    expect(withdrawn.body.status).toBe('searching');
    const other = mediators.find((entry) => entry.mediator.id !== holder.mediator.mediator.id)!;
    expect(await pendingOffers(context.app, other.headers)).toHaveLength(1);
    expect(await pendingOffers(context.app, holder.mediator.headers)).toHaveLength(0);
    const candidates = (
      await http(context.app, 'GET', `/api/requests/${request.id}/candidates`, { headers: coordinator.headers })
    ).body;
    expect(candidates.excluded).toContainEqual(
      expect.objectContaining({
        mediatorId: holder.mediator.mediator.id,
        reasons: expect.arrayContaining(['withdrew']),
      }),
    );
  });

  it('cancel: late when assigned and under 24 h, not late otherwise; cancelled is final', async () => {
    context.clock.set(START);
    const [mediator] = await roster(1, 'wo');
    const soon = (
      await postRequest(context.app, requester.headers, requestBody(START, { languageCode: 'wo', hoursAhead: 6 }))
    ).body;
    const [offer] = await pendingOffers(context.app, mediator!.headers);
    await post(`/api/offers/${offer!.id}/accept`, mediator!.headers);
    const cancelled = await post(`/api/requests/${soon.id}/cancel`, requester.headers, { reason: 'family moved' });
    expect(cancelled.body).toMatchObject({
      status: 'cancelled',
      lateCancellation: true,
      cancelReason: 'family moved',
    });
    const again = await post(`/api/requests/${soon.id}/cancel`, requester.headers, { reason: 'twice' });
    expect(again.statusCode).toBe(409);
    expect(again.body.code).toBe('INVALID_TRANSITION');

    const searching = (
      await postRequest(context.app, requester.headers, requestBody(START, { languageCode: 'wo', hoursAhead: 5 }))
    ).body;
    const notLate = await post(`/api/requests/${searching.id}/cancel`, coordinator.headers, {
      reason: 'no longer needed',
    });
    expect(notLate.body).toMatchObject({ status: 'cancelled', lateCancellation: false });
  });

  it('complete only by the assigned mediator after the start, then the requester confirms once', async () => {
    context.clock.set(START);
    const [mediator] = await roster(1, 'tl');
    const request = (
      await postRequest(context.app, requester.headers, requestBody(START, { languageCode: 'tl', hoursAhead: 2 }))
    ).body;
    const [offer] = await pendingOffers(context.app, mediator!.headers);
    await post(`/api/offers/${offer!.id}/accept`, mediator!.headers);
    const report = { actualMinutes: 75, outcome: 'done', note: 'went well' };
    const early = await post(`/api/requests/${request.id}/complete`, mediator!.headers, report);
    expect(early.statusCode).toBe(409);
    context.clock.advance(3 * HOUR);
    const completed = await post(`/api/requests/${request.id}/complete`, mediator!.headers, report);
    expect(completed.body).toMatchObject({
      status: 'completed',
      completion: { actualMinutes: 75, outcome: 'done' },
      awaitingConfirmation: true,
    });
    // The requester's list can show what waits for their confirmation, and only that.
    const awaiting = async () =>
      (
        (
          await http(context.app, 'GET', '/api/requests?awaitingConfirmation=true&languageCode=tl', {
            headers: requester.headers,
          })
        ).body as { items: { id: string; awaitingConfirmation: boolean }[] }
      ).items;
    expect(await awaiting()).toEqual([expect.objectContaining({ id: request.id, awaitingConfirmation: true })]);
    const confirm = await post(`/api/requests/${request.id}/confirm`, requester.headers, {
      confirmed: true,
      rating: 5,
    });
    expect(confirm.body).toMatchObject({ confirmation: { confirmed: true, rating: 5 }, awaitingConfirmation: false });
    expect(await awaiting()).toEqual([]);
    const bad = await http(context.app, 'GET', '/api/requests?awaitingConfirmation=yes', {
      headers: requester.headers,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body.errors).toEqual([{ path: 'querystring.awaitingConfirmation', message: 'must be true or false' }]);
    expect(
      (await post(`/api/requests/${request.id}/confirm`, requester.headers, { confirmed: false })).statusCode,
    ).toBe(409);
  });

  it('refuses a service type of the other kind of organization, a past start, an unknown language', async () => {
    context.clock.set(START);
    const wrongKind = await postRequest(
      context.app,
      requester.headers,
      requestBody(START, { serviceType: 'parenting_assessment' }),
    );
    expect(wrongKind.statusCode).toBe(400);
    expect(wrongKind.body.errors).toEqual([expect.objectContaining({ path: 'serviceType' })]);
    const past = await postRequest(context.app, requester.headers, requestBody(START, { hoursAhead: -1 }));
    expect(past.body.errors).toEqual([expect.objectContaining({ path: 'startsAt' })]);
    const unknown = await postRequest(context.app, requester.headers, requestBody(START, { languageCode: 'xx' }));
    expect(unknown.body.errors).toEqual([expect.objectContaining({ path: 'languageCode' })]);
  });
});

describe('a mediator who accepts one job', () => {
  it('loses their overlapping offers at once, and those requests move on to the next mediator', async () => {
    context.clock.set(START);
    const [busy, spare] = await roster(2, 'ku', {});
    // Urgent waves of five reach both mediators; two requests at the same hour.
    const first = (
      await postRequest(context.app, requester.headers, requestBody(START, { languageCode: 'ku', hoursAhead: 3 }))
    ).body;
    const second = (
      await postRequest(
        context.app,
        requester.headers,
        requestBody(START, { languageCode: 'ku', hoursAhead: 3, durationMinutes: 90 }),
      )
    ).body;
    const offers = await pendingOffers(context.app, busy!.headers);
    expect(offers).toHaveLength(2);
    const firstOffer = offers.find((offer) => offer.request.id === first.id)!;
    expect((await post(`/api/offers/${firstOffer.id}/accept`, busy!.headers)).statusCode).toBe(200);
    expect(await pendingOffers(context.app, busy!.headers)).toHaveLength(0);
    // Their inbox hears why the other offer went: they are booked then.
    const secondOffer = offers.find((offer) => offer.request.id === second.id)!;
    const [withdrawnEvent] = rowsOf<{ data: Record<string, unknown> }>(
      await context.database.db.execute(
        sql`SELECT data FROM live_events WHERE type = 'offer.withdrawn' AND data->>'offerId' = ${secondOffer.id}`,
      ),
    );
    expect(withdrawnEvent?.data).toMatchObject({ offerId: secondOffer.id, reason: 'mediator_busy' });
    const secondNow = (await get(second.id)).body;
    expect(secondNow.status).toBe('searching');
    expect((await pendingOffers(context.app, spare!.headers)).map((offer) => offer.request.id)).toContain(second.id);
  });
});

describe('a deactivated mediator', () => {
  it('loses their pending offers at once, the request moves on, and an offer they still hold cannot be accepted', async () => {
    context.clock.set(START);
    // Urgent: one wave reaches both speakers.
    const [leaving, staying] = await roster(2, 'so');
    const request = (
      await postRequest(context.app, requester.headers, requestBody(START, { languageCode: 'so', hoursAhead: 3 }))
    ).body as { id: string };
    const [offer] = await pendingOffers(context.app, leaving!.headers);
    expect(offer?.request.id).toBe(request.id);

    const patch = await http(context.app, 'PATCH', `/api/mediators/${leaving!.mediator.id}`, {
      headers: coordinator.headers,
      body: { active: false },
    });
    expect(patch.statusCode).toBe(200);
    expect(await pendingOffers(context.app, leaving!.headers)).toHaveLength(0);
    expect((await post(`/api/offers/${offer!.id}/accept`, leaving!.headers)).body.code).toBe('OFFER_UNAVAILABLE');
    expect((await pendingOffers(context.app, staying!.headers)).map((held) => held.request.id)).toEqual([request.id]);
    expect((await get(request.id)).body.status).toBe('searching');

    // Deactivated outside the API (in SQL): the offer stays pending, but accepting it books nobody.
    const [other] = await pendingOffers(context.app, staying!.headers);
    await db.execute(sql`UPDATE mediators SET active = false WHERE id = ${staying!.mediator.id}`);
    const refused = await post(`/api/offers/${other!.id}/accept`, staying!.headers);
    expect(refused.statusCode).toBe(409);
    expect(refused.body.code).toBe('OFFER_UNAVAILABLE');
    expect((await get(request.id)).body.assignedMediator).toBeNull();
  });
});

describe('the list of requests', () => {
  it('shows the coming requests first, soonest first, then the past ones, latest first', async () => {
    context.clock.set(START);
    const create = async (hoursAhead: number) =>
      (
        (await postRequest(context.app, requester.headers, requestBody(START, { languageCode: 'am', hoursAhead })))
          .body as {
          id: string;
        }
      ).id;
    const inTenHours = await create(10);
    const inTwoHours = await create(2);
    const inThirtyHours = await create(30);
    const inOneHour = await create(1);
    context.clock.advance(5 * HOUR);
    const list = (await http(context.app, 'GET', '/api/requests?languageCode=am', { headers: requester.headers }))
      .body as { items: { id: string }[] };
    const all = [inTenHours, inThirtyHours, inTwoHours, inOneHour];
    expect(list.items.map((item) => item.id)).toEqual(all);
    // Pages of every size and start cut that one order, across the boundary between coming and past.
    for (const limit of [1, 2, 3]) {
      for (let offset = 0; offset <= all.length; offset += 1) {
        const page = (
          await http(context.app, 'GET', `/api/requests?languageCode=am&limit=${limit}&offset=${offset}`, {
            headers: requester.headers,
          })
        ).body as { items: { id: string }[]; total: number };
        expect(
          page.items.map((item) => item.id),
          `limit ${limit}, offset ${offset}`,
        ).toEqual(all.slice(offset, offset + limit));
        expect(page.total).toBe(all.length);
      }
    }
  });
});

describe('idempotent create', () => {
  it('returns the first response for the same key and body, 422 for another body', async () => {
    context.clock.set(START);
    const body = requestBody(START, { languageCode: 'ta' });
    const headers = { ...requester.headers, 'idempotency-key': 'create-ta-0001' };
    const first = await postRequest(context.app, headers, body);
    const second = await postRequest(context.app, headers, { ...body });
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(second.body.id).toBe(first.body.id);
    const other = await postRequest(context.app, headers, { ...body, durationMinutes: 90 });
    expect(other.statusCode).toBe(422);
    expect(other.body.code).toBe('IDEMPOTENCY_MISMATCH');
    const list = (await http(context.app, 'GET', '/api/requests?languageCode=ta', { headers: requester.headers })).body;
    expect(list.total).toBe(1);
  });
});

async function findHolder(mediators: Awaited<ReturnType<typeof roster>>) {
  for (const mediator of mediators) {
    const [offer] = await pendingOffers(context.app, mediator.headers);
    if (offer) return { mediator, offer };
  }
  throw new Error('nobody holds an offer');
}
