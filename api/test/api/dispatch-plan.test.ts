import { eq, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import type { Database } from '../../src/db/client.js';
import { offers, requests } from '../../src/db/schema/index.js';
import { createOrganization, createSignedInUser } from '../helpers/factories.js';
import { createSignedInMediators } from '../helpers/http.js';
import { postRequest, requestBody } from '../helpers/requests.js';
import { listen } from '../helpers/http.js';
import { createTestApp, testConfig, type TestContext } from '../helpers/test-app.js';
import { plainWavesEnvironment } from '../helpers/policies.js';

const MINUTE = 60_000;
// A Tuesday, 09:00 in Rome.
const START = new Date('2027-03-09T08:00:00Z');
const OLD_POLICY = { urgent: { waveSize: 1, offerTtlSeconds: 600 } };
const NEW_POLICY = { urgent: { waveSize: 3, offerTtlSeconds: 120 } };

let context: TestContext;
let db: Database;
/** A second instance on the same database, deployed with another DISPATCH_POLICY. */
let redeployed: FastifyInstance;
let requester: Record<string, string>;

beforeAll(async () => {
  context = await createTestApp({ now: START, environment: plainWavesEnvironment(OLD_POLICY) });
  db = context.database.db;
  redeployed = await buildApp({
    config: testConfig(context.databaseUrl, plainWavesEnvironment(NEW_POLICY)),
    clock: context.clock,
    database: context.database,
    logger: false,
  });
  await listen(redeployed);
  const school = await createOrganization(db, { districtId: 'vimercate', municipality: 'Vimercate' });
  requester = (await createSignedInUser(context.app, db, { role: 'requester', organizationId: school.id })).headers;
});
afterAll(async () => {
  await redeployed.close();
  await context.close();
});

async function create(app: FastifyInstance, languageCode: string): Promise<string> {
  const created = await postRequest(app, requester, requestBody(START, { languageCode, hoursAhead: 3 }));
  expect(created.status, created.text).toBe(201);
  return (created.body as { id: string }).id;
}

async function wave(requestId: string, number: number) {
  const rows = await db.select().from(offers).where(eq(offers.requestId, requestId));
  return rows.filter((offer) => offer.wave === number);
}

describe('the dispatch plan stored on the request', () => {
  it('keeps a search under way on the policy it started with; the new policy applies to new requests', async () => {
    context.clock.set(START);
    await createSignedInMediators(context.app, db, 6, { languages: ['ps'] });
    const running = await create(context.app, 'ps');
    const [stored] = await db.select().from(requests).where(eq(requests.id, running));
    expect(stored!.dispatchPlan).toEqual({
      tier: 'urgent',
      waveSize: 1,
      offerTtlSeconds: 600,
      wavesBeforeBroadcast: null,
      familyFirst: false,
      lastCall: false,
      lastCallBeforeDeadlineSeconds: null,
      lastCallMaxOffers: 20,
    });
    expect(await wave(running, 1)).toHaveLength(1);

    // The first offer expires; the redeployed instance's sweep sends the next wave, by the stored plan.
    context.clock.set(new Date(START.getTime() + 10 * MINUTE));
    await redeployed.dispatcher.sweepDueWork();
    const second = await wave(running, 2);
    expect(second).toHaveLength(1);
    expect(second[0]!.expiresAt).toEqual(new Date(START.getTime() + 20 * MINUTE));

    // A request created now follows the new policy, whichever instance serves it.
    const fresh = await create(redeployed, 'ps');
    const first = await wave(fresh, 1);
    expect(first).toHaveLength(3);
    expect(first[0]!.expiresAt).toEqual(new Date(START.getTime() + 12 * MINUTE));
  });

  it('reads the current policy for a request from before plans were stored (only its tier)', async () => {
    context.clock.set(START);
    await createSignedInMediators(context.app, db, 6, { languages: ['ha'] });
    const legacy = await create(context.app, 'ha');
    await db
      .update(requests)
      .set({ dispatchPlan: sql`'{"tier":"urgent"}'::jsonb` })
      .where(eq(requests.id, legacy));

    context.clock.set(new Date(START.getTime() + 10 * MINUTE));
    await redeployed.dispatcher.sweepDueWork();
    expect(await wave(legacy, 2)).toHaveLength(3);
  });
});
