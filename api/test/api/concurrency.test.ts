import { and, asc, count, eq, inArray, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { openDatabase, type Database, type DatabaseHandle } from '../../src/db/client.js';
import {
  assignments,
  idempotencyKeys,
  liveEvents,
  offers,
  requestEvents,
  requests,
} from '../../src/db/schema/index.js';
import { createMediator, createOrganization, createSignedInUser } from '../helpers/factories.js';
import { createSignedInMediators, http, statuses, type Headers } from '../helpers/http.js';
import { pendingOffers, requestBody } from '../helpers/requests.js';
import { createTestApp, testConfig, type TestContext } from '../helpers/test-app.js';
import { plainWavesEnvironment } from '../helpers/policies.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
// A Tuesday, 09:00 in Rome.
const START = new Date('2027-03-09T08:00:00Z');
/**
 * One urgent wave reaches twenty mediators at once; a planned request stays a cascade of one offer
 * per wave for as long as there are candidates, so "one offer per wave" is the whole invariant.
 */
const ENVIRONMENT = plainWavesEnvironment({ urgent: { waveSize: 20 }, planned: { wavesBeforeBroadcast: 100 } });

let context: TestContext;
let db: Database;
let baseUrl: string;
let requester: Headers;
let coordinator: Headers;

beforeAll(async () => {
  context = await createTestApp({ now: START, environment: ENVIRONMENT });
  db = context.database.db;
  ({ baseUrl } = context);
  const school = await createOrganization(db, { districtId: 'vimercate', municipality: 'Vimercate' });
  requester = (await createSignedInUser(context.app, db, { role: 'requester', organizationId: school.id })).headers;
  coordinator = (await createSignedInUser(context.app, db, { role: 'coordinator' })).headers;
});
afterAll(async () => context.close());

async function createRequest(overrides: Parameters<typeof requestBody>[1]) {
  const created = await http(baseUrl, 'POST', '/api/requests', {
    headers: requester,
    body: requestBody(START, overrides),
  });
  expect(created.status, created.text).toBe(201);
  return created.body as {
    id: string;
    status: string;
    dispatch: { tier: string; wave: number; pendingOffers: number };
  };
}

const accept = (offerId: string, headers: Headers) =>
  http(baseUrl, 'POST', `/api/offers/${offerId}/accept`, { headers });

async function activeAssignments(where: { requestId?: string; mediatorId?: string }) {
  return db
    .select()
    .from(assignments)
    .where(
      and(
        eq(assignments.status, 'active'),
        where.requestId ? eq(assignments.requestId, where.requestId) : undefined,
        where.mediatorId ? eq(assignments.mediatorId, where.mediatorId) : undefined,
      ),
    );
}

async function offerStatusCounts(requestId: string) {
  const rows = await db
    .select({ status: offers.status, n: count() })
    .from(offers)
    .where(eq(offers.requestId, requestId))
    .groupBy(offers.status);
  return Object.fromEntries(rows.map((row) => [row.status, row.n]));
}

describe('racing accepts', () => {
  it('twenty mediators accept one request at the same moment: one 200, nineteen 409 OFFER_UNAVAILABLE', async () => {
    context.clock.set(START);
    const mediators = await createSignedInMediators(context.app, db, 20, { languages: ['ur'] });
    const request = await createRequest({ languageCode: 'ur', hoursAhead: 3 });
    expect(request.dispatch).toMatchObject({ tier: 'urgent', wave: 1, pendingOffers: 20 });

    const holders = await Promise.all(
      mediators.map(async (mediator) => {
        const [offer, ...others] = await pendingOffers(context.app, mediator.headers);
        expect(others).toHaveLength(0);
        expect(offer?.request.id).toBe(request.id);
        return { ...mediator, offer: offer! };
      }),
    );

    const responses = await Promise.all(holders.map((holder) => accept(holder.offer.id, holder.headers)));
    expect(statuses(responses)).toEqual([200, ...Array<number>(19).fill(409)]);
    for (const response of responses.filter((item) => item.status === 409)) {
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.body.code).toBe('OFFER_UNAVAILABLE');
    }
    const winner = holders[responses.findIndex((response) => response.status === 200)]!;
    expect(responses.find((response) => response.status === 200)!.body.request).toMatchObject({
      status: 'assigned',
      assignedMediator: { id: winner.mediator.id },
    });

    const booked = await activeAssignments({ requestId: request.id });
    expect(booked.map((row) => row.mediatorId)).toEqual([winner.mediator.id]);
    expect(await offerStatusCounts(request.id)).toEqual({ accepted: 1, withdrawn: 19 });
    const [row] = await db.select().from(requests).where(eq(requests.id, request.id));
    expect(row).toMatchObject({ status: 'assigned', assignedMediatorId: winner.mediator.id });
    const accepted = await db
      .select()
      .from(requestEvents)
      .where(and(eq(requestEvents.requestId, request.id), eq(requestEvents.type, 'accepted')));
    expect(accepted).toHaveLength(1);
    // The nineteen are told at once, each once: one offer.withdrawn live event apiece.
    const told = await db
      .select({ mediatorId: liveEvents.mediatorId })
      .from(liveEvents)
      .where(and(eq(liveEvents.requestId, request.id), eq(liveEvents.type, 'offer.withdrawn')));
    expect(told.map((event) => event.mediatorId).sort()).toEqual(
      holders
        .filter((holder) => holder !== winner)
        .map((holder) => holder.mediator.id)
        .sort(),
    );
  });

  it('one mediator accepts two overlapping requests at once: one 200, one 409 MEDIATOR_BUSY, decided by the exclusion constraint', async () => {
    context.clock.set(START);
    const [mediator] = await createSignedInMediators(context.app, db, 1, { languages: ['ti'] });
    // Five rounds at different times of day, each a pair of requests overlapping by half an hour.
    for (let round = 0; round < 5; round += 1) {
      const hoursAhead = 2 + round * 3;
      const first = await createRequest({ languageCode: 'ti', hoursAhead });
      const second = await createRequest({ languageCode: 'ti', hoursAhead: hoursAhead + 0.5 });
      const held = (await pendingOffers(context.app, mediator!.headers)).filter((offer) =>
        [first.id, second.id].includes(offer.request.id),
      );
      expect(held).toHaveLength(2);

      const responses = await Promise.all(held.map((offer) => accept(offer.id, mediator!.headers)));
      expect(statuses(responses)).toEqual([200, 409]);
      const loser = responses.find((response) => response.status === 409)!;
      expect(loser.body.code).toBe('MEDIATOR_BUSY');

      const wonRequestId = held[responses.findIndex((response) => response.status === 200)]!.request.id;
      const lostRequestId = held[responses.findIndex((response) => response.status === 409)]!.request.id;
      const booked = await db
        .select()
        .from(assignments)
        .where(
          and(
            eq(assignments.status, 'active'),
            eq(assignments.mediatorId, mediator!.mediator.id),
            inArray(assignments.requestId, [first.id, second.id]),
          ),
        );
      expect(booked.map((row) => row.requestId)).toEqual([wonRequestId]);
      const [lost] = await db.select().from(requests).where(eq(requests.id, lostRequestId));
      // Its offer to the now busy (and only) mediator is withdrawn at once, so nobody is left: unfilled.
      expect(lost).toMatchObject({ status: 'unfilled', assignedMediatorId: null });
    }
    // The constraint, not only the code: never two overlapping active bookings of one mediator.
    const overlapping = await db.execute(sql`
      SELECT count(*)::int AS n FROM assignments a JOIN assignments b
        ON a.mediator_id = b.mediator_id AND a.id < b.id AND a.status = 'active' AND b.status = 'active'
       AND tstzrange(a.starts_at, a.blocked_until) && tstzrange(b.starts_at, b.blocked_until)`);
    expect((overlapping as unknown as { rows: { n: number }[] }).rows[0]!.n).toBe(0);
  });

  it('an accept races a coordinator assigning another mediator: exactly one wins, ten times over', async () => {
    context.clock.set(START);
    const [holder, other] = await createSignedInMediators(context.app, db, 2, { languages: ['am'] });
    const winners = { accept: 0, assign: 0 };
    for (let round = 0; round < 10; round += 1) {
      // Two hours apart: a booking of one round never overlaps the next one's (60 min + 30 min travel).
      const request = await createRequest({ languageCode: 'am', hoursAhead: 2 + round * 2 });
      const offer = (await pendingOffers(context.app, holder!.headers)).find((item) => item.request.id === request.id);
      expect(offer, `round ${round}: the holder has an offer`).toBeDefined();

      const [accepted, assigned] = await Promise.all([
        accept(offer!.id, holder!.headers),
        http(baseUrl, 'POST', `/api/requests/${request.id}/assign`, {
          headers: coordinator,
          body: { mediatorId: other!.mediator.id },
        }),
      ]);
      expect(statuses([accepted, assigned]), `round ${round}: ${accepted.text} / ${assigned.text}`).toEqual([200, 409]);
      const acceptWon = accepted.status === 200;
      winners[acceptWon ? 'accept' : 'assign'] += 1;
      if (acceptWon) expect(assigned.body.code).toBe('INVALID_TRANSITION');
      else expect(accepted.body.code).toBe('OFFER_UNAVAILABLE');
      const winnerId = acceptWon ? holder!.mediator.id : other!.mediator.id;

      const booked = await activeAssignments({ requestId: request.id });
      expect(booked.map((row) => row.mediatorId)).toEqual([winnerId]);
      const detail = await http(baseUrl, 'GET', `/api/requests/${request.id}`, { headers: coordinator });
      expect(detail.body).toMatchObject({ status: 'assigned', assignedMediator: { id: winnerId } });
      expect(detail.body.dispatch.pendingOffers).toBe(0);
    }
    expect(winners.accept + winners.assign).toBe(10);
  });
});

describe('two API instances sweeping one database', () => {
  it('never send a wave twice: one offer per wave, consecutive waves, one offers_sent event per wave', async () => {
    context.clock.set(START);
    const silent = { error: () => undefined };
    let secondDatabase: DatabaseHandle | undefined;
    let second: FastifyInstance | undefined;
    try {
      // The second instance: its own pool on the same database, the same clock (one "now" for both).
      secondDatabase = await openDatabase({
        databaseUrl: context.databaseUrl,
        dataDir: 'memory://',
        logger: silent,
        poolSize: 20,
      });
      second = await buildApp({
        config: testConfig(context.databaseUrl, ENVIRONMENT),
        clock: context.clock,
        database: secondDatabase,
        logger: false,
      });
      await second.ready();

      const roster = 6;
      for (let index = 0; index < roster; index += 1) await createMediator(db, { languages: ['so'] });
      const created = [];
      for (let index = 0; index < 5; index += 1) {
        const request = await createRequest({ languageCode: 'so', hoursAhead: 24 * 10 + index * 3 });
        expect(request.dispatch).toMatchObject({ tier: 'planned', wave: 1, pendingOffers: 1 });
        created.push(request.id);
      }

      // Each round: every offer expires, then both instances sweep four times each, all at once.
      for (let round = 0; round < roster + 2; round += 1) {
        context.clock.advance(2 * HOUR);
        const sweeps = Array.from({ length: 4 }, () => [
          context.app.dispatcher.sweepDueWork(),
          second!.dispatcher.sweepDueWork(),
        ]).flat();
        await Promise.all(sweeps);
      }

      for (const requestId of created) {
        const rows = await db
          .select({ wave: offers.wave, status: offers.status })
          .from(offers)
          .where(eq(offers.requestId, requestId))
          .orderBy(asc(offers.wave));
        const perWave = new Map<number, number>();
        for (const row of rows) perWave.set(row.wave, (perWave.get(row.wave) ?? 0) + 1);
        expect(
          [...perWave.values()].every((n) => n === 1),
          `request ${requestId}: offers per wave ${JSON.stringify([...perWave])}`,
        ).toBe(true);
        // Every mediator was offered once, in consecutive waves 1..6, then nobody was left.
        expect(rows.map((row) => row.wave)).toEqual(Array.from({ length: roster }, (_, index) => index + 1));
        expect(rows.every((row) => row.status === 'expired')).toBe(true);

        const [request] = await db.select().from(requests).where(eq(requests.id, requestId));
        expect(request).toMatchObject({ status: 'unfilled', waveNumber: roster });
        const events = await db
          .select({ type: requestEvents.type, data: requestEvents.data })
          .from(requestEvents)
          .where(eq(requestEvents.requestId, requestId))
          .orderBy(asc(requestEvents.id));
        const sent = events.filter((event) => event.type === 'offers_sent');
        expect(sent).toHaveLength(roster);
        expect(sent.map((event) => event.data.wave)).toEqual(Array.from({ length: roster }, (_, index) => index + 1));
        expect(events.filter((event) => event.type === 'offers_expired')).toHaveLength(roster);
        expect(events.filter((event) => event.type === 'unfilled')).toHaveLength(1);
      }
    } finally {
      await second?.close();
      await secondDatabase?.close();
    }
  });
});

describe('idempotent create, raced', () => {
  it('the same Idempotency-Key and body five times at once: five 201 with one id, one request stored', async () => {
    context.clock.set(START);
    const body = requestBody(START, { languageCode: 'bn', hoursAhead: 6, notes: 'raced create' });
    const headers = { ...requester, 'idempotency-key': 'raced-create-0001' };
    const responses = await Promise.all(
      Array.from({ length: 5 }, () => http(baseUrl, 'POST', '/api/requests', { headers, body })),
    );
    expect(statuses(responses), responses.map((response) => response.text).join('\n')).toEqual([
      201, 201, 201, 201, 201,
    ]);
    const ids = new Set(responses.map((response) => response.body.id));
    expect(ids.size).toBe(1);

    const stored = await db
      .select({ id: requests.id })
      .from(requests)
      .where(and(eq(requests.languageCode, 'bn'), eq(requests.notes, 'raced create')));
    expect(stored.map((row) => row.id)).toEqual([...ids]);
    const keys = await db.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, 'raced-create-0001'));
    expect(keys).toHaveLength(1);
    expect(keys[0]!.requestId).toBe([...ids][0]);
  });
});
