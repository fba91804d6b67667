import { and, asc, eq, inArray } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import type { Database } from '../../src/db/client.js';
import { offers, requestEvents, requests } from '../../src/db/schema/index.js';
import { ManualClock } from '../../src/lib/clock.js';
import { createMediator, createOrganization, createUser, signIn, TEST_PASSWORD } from '../helpers/factories.js';
import { http, listen } from '../helpers/http.js';
import { requestBody } from '../helpers/requests.js';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.js';
import { createTestDatabase, TEST_JWT_SECRET, TEST_VAPID_ENVIRONMENT, testConfig } from '../helpers/test-app.js';

/*
 * DESIGN.md, Dispatch: time-driven work is state in the database, so after a crash nothing is stuck.
 * Instance A is the real server in a child process, killed with SIGKILL after it sent a wave; instance
 * B starts later on the same database, its clock past the offer's expiry, and its sweep carries on.
 */

const MINUTE = 60_000;
// A cascade of one even when urgent, so "the next wave" names one mediator; the rest as by default.
const ENVIRONMENT = {
  DISPATCH_POLICY: JSON.stringify({ urgent: { waveSize: 1, offerTtlSeconds: 600, unfilledAfterSeconds: 1800 } }),
};

let testDatabase: Awaited<ReturnType<typeof createTestDatabase>>;
let db: Database;
let server: ServerProcess | undefined;
let appB: FastifyInstance | undefined;
let appC: FastifyInstance | undefined;

beforeAll(async () => {
  testDatabase = await createTestDatabase();
  db = testDatabase.database.db;
});
afterAll(async () => {
  await server?.crash();
  await appB?.close();
  await appC?.close();
  await testDatabase.drop();
});

async function login(baseUrl: string, email: string) {
  const response = await http(baseUrl, 'POST', '/api/auth/login', { body: { email, password: TEST_PASSWORD } });
  if (response.status !== 200) throw new Error(`login ${email}: ${response.status} ${response.text}`);
  return { authorization: `Bearer ${response.body.accessToken as string}` };
}

describe('after a crash', () => {
  it(
    'the next instance expires the offer, sends the next wave and later marks the request unfilled',
    { timeout: 90_000 },
    async () => {
      const school = await createOrganization(db, { districtId: 'vimercate', municipality: 'Vimercate' });
      const requesterUser = await createUser(db, { role: 'requester', organizationId: school.id });
      const coordinatorUser = await createUser(db, { role: 'coordinator' });
      const roster = [];
      for (let index = 0; index < 3; index += 1) roster.push(await createMediator(db, { languages: ['uk'] }));

      // Instance A: the real server, real clock, real socket.
      server = await startServerProcess({
        ...ENVIRONMENT,
        DATABASE_URL: testDatabase.url,
        JWT_SECRET: TEST_JWT_SECRET,
        ...TEST_VAPID_ENVIRONMENT,
        SEED: 'none',
      });
      const requester = await login(server.baseUrl, requesterUser.email);
      const created = await http(server.baseUrl, 'POST', '/api/requests', {
        headers: requester,
        body: requestBody(new Date(), { languageCode: 'uk', hoursAhead: 3 }),
      });
      expect(created.status, `${created.text}\n${server.output()}`).toBe(201);
      expect(created.body).toMatchObject({
        status: 'searching',
        dispatch: { tier: 'urgent', wave: 1, pendingOffers: 1 },
      });
      const requestId = created.body.id as string;
      const createdAt = new Date(created.body.createdAt as string);

      await server.crash();
      expect(server.child.signalCode).toBe('SIGKILL');
      // Nobody else is sweeping: the request waits in the database with its deadline.
      const [waiting] = await db.select().from(requests).where(eq(requests.id, requestId));
      expect(waiting).toMatchObject({ status: 'searching', waveNumber: 1 });
      const [firstOffer] = await db.select().from(offers).where(eq(offers.requestId, requestId));
      expect(firstOffer).toMatchObject({ status: 'pending', wave: 1 });
      // The server read its clock twice (creation, then the wave): allow the milliseconds between.
      expect(firstOffer!.expiresAt.getTime() - createdAt.getTime()).toBeGreaterThanOrEqual(10 * MINUTE);
      expect(firstOffer!.expiresAt.getTime() - createdAt.getTime()).toBeLessThan(10 * MINUTE + 5000);
      expect(waiting!.nextCheckAt).toEqual(firstOffer!.expiresAt);

      // Instance B, started after the offer expired.
      const clock = new ManualClock(new Date(firstOffer!.expiresAt.getTime() + 1000));
      appB = await buildApp({
        config: testConfig(testDatabase.url, ENVIRONMENT),
        clock,
        database: testDatabase.database,
        logger: false,
      });
      await listen(appB);
      const coordinator = (await signIn(appB, coordinatorUser.email)).headers;
      const read = async () => (await http(appB!, 'GET', `/api/requests/${requestId}`, { headers: coordinator })).body;

      expect(await appB.dispatcher.sweepDueWork()).toBe(1);
      const afterRestart = await read();
      expect(afterRestart).toMatchObject({ status: 'searching', dispatch: { wave: 2, pendingOffers: 1 } });
      expect(afterRestart.timeline.map((entry: { type: string }) => entry.type)).toEqual([
        'created',
        'offers_sent',
        'offers_expired',
        'offers_sent',
      ]);
      const offerRows = await db.select().from(offers).where(eq(offers.requestId, requestId)).orderBy(asc(offers.wave));
      expect(offerRows.map((offer) => [offer.wave, offer.status])).toEqual([
        [1, 'expired'],
        [2, 'pending'],
      ]);
      expect(new Set(offerRows.map((offer) => offer.mediatorId)).size).toBe(2);

      // A second sweep at the same moment has nothing to do: no wave is sent twice.
      expect(await appB.dispatcher.sweepDueWork()).toBe(0);

      // Wave 3 to the last mediator when wave 2 expires, then the urgent deadline (30 min after creation): unfilled.
      clock.advance(10 * MINUTE);
      await appB.dispatcher.sweepDueWork();
      expect((await read()).dispatch).toMatchObject({ wave: 3, pendingOffers: 1 });
      clock.set(new Date(createdAt.getTime() + 30 * MINUTE + 1000));
      await appB.dispatcher.sweepDueWork();
      const unfilled = await read();
      expect(unfilled.status).toBe('unfilled');
      expect(unfilled.timeline.at(-1)).toMatchObject({ type: 'unfilled', data: { reason: 'deadline' } });
      const pending = await db
        .select()
        .from(offers)
        .where(and(eq(offers.requestId, requestId), eq(offers.status, 'pending')));
      expect(pending).toHaveLength(0);
      expect(
        new Set(
          (await db.select().from(offers).where(eq(offers.requestId, requestId))).map((offer) => offer.mediatorId),
        ),
      ).toEqual(new Set(roster.map((mediator) => mediator.id)));
    },
  );

  it(
    'a kill in the middle of a burst of creates leaves each request whole or absent, and the sweep goes on',
    { timeout: 90_000 },
    async () => {
      const school = await createOrganization(db, { districtId: 'vimercate', municipality: 'Vimercate' });
      const requesterUser = await createUser(db, { role: 'requester', organizationId: school.id });
      for (let index = 0; index < 3; index += 1) await createMediator(db, { languages: ['pa'] });
      server = await startServerProcess({
        ...ENVIRONMENT,
        DATABASE_URL: testDatabase.url,
        JWT_SECRET: TEST_JWT_SECRET,
        ...TEST_VAPID_ENVIRONMENT,
        SEED: 'none',
      });
      const requester = await login(server.baseUrl, requesterUser.email);

      // Twenty creates at once; the process dies as soon as the first is answered, the others in flight.
      const sends = Array.from({ length: 20 }, (_, index) =>
        http(server!.baseUrl, 'POST', '/api/requests', {
          headers: requester,
          body: requestBody(new Date(), { languageCode: 'pa', hoursAhead: 3 + index / 4 }),
        }).catch(() => undefined),
      );
      await Promise.race(sends);
      await server.crash();
      const answered = (await Promise.all(sends))
        .filter((response) => response?.status === 201)
        .map((response) => response!.body.id as string);
      expect(answered.length).toBeGreaterThan(0);

      // Whatever committed is whole: searching, one wave of one offer, a deadline to come back to.
      const stored = await db
        .select()
        .from(requests)
        .where(and(eq(requests.languageCode, 'pa'), eq(requests.organizationId, school.id)));
      expect(stored.map((row) => row.id)).toEqual(expect.arrayContaining(answered));
      const storedIds = stored.map((row) => row.id);
      const offerRows = await db.select().from(offers).where(inArray(offers.requestId, storedIds));
      const eventRows = await db.select().from(requestEvents).where(inArray(requestEvents.requestId, storedIds));
      for (const row of stored) {
        const own = offerRows.filter((offer) => offer.requestId === row.id);
        expect(row).toMatchObject({ status: 'searching', waveNumber: 1 });
        expect(own.map((offer) => offer.status)).toEqual(['pending']);
        expect(row.nextCheckAt).toEqual(own[0]!.expiresAt);
        expect(
          eventRows
            .filter((event) => event.requestId === row.id)
            .map((event) => event.type)
            .sort(),
        ).toEqual(['created', 'offers_sent']);
      }

      // The next instance, once every first offer has expired: each request moves to its second wave.
      const latestExpiry = Math.max(...offerRows.map((offer) => offer.expiresAt.getTime()));
      appC = await buildApp({
        config: testConfig(testDatabase.url, ENVIRONMENT),
        clock: new ManualClock(new Date(latestExpiry + 1000)),
        database: testDatabase.database,
        logger: false,
      });
      await appC.ready();
      await appC.dispatcher.sweepDueWork();
      const after = await db.select().from(requests).where(inArray(requests.id, storedIds));
      expect(after.every((row) => row.status === 'searching' && row.waveNumber === 2)).toBe(true);
      const waves = await db
        .select({ wave: offers.wave, status: offers.status })
        .from(offers)
        .where(inArray(offers.requestId, storedIds));
      expect(waves.filter((offer) => offer.status === 'pending' && offer.wave === 2)).toHaveLength(stored.length);
      expect(waves.filter((offer) => offer.status === 'expired' && offer.wave === 1)).toHaveLength(stored.length);
    },
  );
});
