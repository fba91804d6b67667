import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { assignments } from '../../src/db/schema/index.js';
import { createOrganization, createSignedInUser } from '../helpers/factories.js';
import { createSignedInMediators, http, listen, statuses, type Headers } from '../helpers/http.js';
import { pendingOffers, requestBody } from '../helpers/requests.js';
import { createTestApp, type TestContext } from '../helpers/test-app.js';

// A Tuesday, 09:00 in Rome.
const START = new Date('2027-03-09T08:00:00Z');
const ROUNDS = 50;

let context: TestContext;
let db: Database;
let baseUrl: string;
let requester: Headers;

beforeAll(async () => {
  context = await createTestApp({ now: START });
  db = context.database.db;
  baseUrl = await listen(context.app);
  const school = await createOrganization(db, { districtId: 'vimercate', municipality: 'Vimercate' });
  requester = (await createSignedInUser(context.app, db, { role: 'requester', organizationId: school.id })).headers;
});
afterAll(async () => context.close());

async function createRequest(hoursAhead: number): Promise<string> {
  const created = await http(baseUrl, 'POST', '/api/requests', {
    headers: requester,
    body: requestBody(START, { languageCode: 'ti', hoursAhead }),
  });
  expect(created.status, created.text).toBe(201);
  return (created.body as { id: string }).id;
}

// Issue 13, point 2: both accepts inserted their booking, then waited on each other in the exclusion
// constraint, and PostgreSQL answered one of them "deadlock detected" (500).
describe('one mediator accepting two overlapping requests at once', () => {
  it(`always ends in one 200 and one 409 MEDIATOR_BUSY, never a 500, ${ROUNDS} times over`, async () => {
    // Enough weekly hours for every round's booking: the cap must never be why an offer is missing.
    const [mediator] = await createSignedInMediators(context.app, db, 1, {
      languages: ['ti'],
      maxWeeklyMinutes: 4200,
    });
    for (let round = 0; round < ROUNDS; round += 1) {
      // Each round three hours after the last (60 min + 30 min travel never reach the next); the pair overlaps by 30 min.
      const hoursAhead = 2 + round * 3;
      const pair = [await createRequest(hoursAhead), await createRequest(hoursAhead + 0.5)];
      const held = (await pendingOffers(context.app, mediator!.headers)).filter((offer) =>
        pair.includes(offer.request.id),
      );
      expect(held, `round ${round}: both offers reach the mediator`).toHaveLength(2);

      const responses = await Promise.all(
        held.map((offer) => http(baseUrl, 'POST', `/api/offers/${offer.id}/accept`, { headers: mediator!.headers })),
      );
      const texts = responses.map((response) => response.text).join(' / ');
      expect(statuses(responses), `round ${round}: ${texts}`).toEqual([200, 409]);
      expect(responses.find((response) => response.status === 409)!.body.code).toBe('MEDIATOR_BUSY');

      const booked = await db
        .select({ requestId: assignments.requestId })
        .from(assignments)
        .where(and(eq(assignments.status, 'active'), inArray(assignments.requestId, pair)));
      const winner = held[responses.findIndex((response) => response.status === 200)]!.request.id;
      expect(booked).toEqual([{ requestId: winner }]);
    }
  });
});
