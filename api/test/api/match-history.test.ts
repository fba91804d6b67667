import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { offers, requests } from '../../src/db/schema/index.js';
import { http } from '../helpers/http.js';
import { createMediator, createOrganization, createSignedInUser } from '../helpers/factories.js';
import { postRequest, requestBody } from '../helpers/requests.js';
import { createTestApp, type TestContext } from '../helpers/test-app.js';

/*
 * The matcher is pure; what it knows of bookings, the week's load, minutes delivered, case history and
 * refusals comes from one query (match-input.repository.ts). Here that history is made through the API
 * and read back through the coordinators' candidate list and a wave's ranking, which read it for
 * different sets of mediators and must agree on who is eligible and how they rank.
 */

const HOUR_MS = 3_600_000;
/** Wednesday 24 February 2027, 09:00 in Rome. */
const LAST_WEEK = new Date('2027-02-24T08:00:00Z');
/** Monday 1 March 2027, 08:00 in Rome. */
const THIS_MONDAY = new Date('2027-03-01T07:00:00Z');
/** Friday 5 March 2027, 10:00 in Rome: over 72 hours ahead, so the request's first wave is one offer. */
const TARGET_START = new Date('2027-03-05T09:00:00Z');

interface Ranked {
  eligible: { mediatorId: string; fullName: string; score: number; reasons: string[] }[];
  excluded: { mediatorId: string; fullName: string; reasons: string[] }[];
}

let context: TestContext;
let db: Database;
let coordinator: Record<string, string>;
let schoolId: string;

beforeAll(async () => {
  context = await createTestApp({ now: LAST_WEEK });
  db = context.database.db;
  coordinator = (await createSignedInUser(context.app, db, { role: 'coordinator' })).headers;
  schoolId = (await createOrganization(db)).id;
});
afterAll(() => context.close());

async function createRequest(
  startsAt: Date,
  fields: { caseRef?: string; durationMinutes?: number } = {},
): Promise<string> {
  const hoursAhead = (startsAt.getTime() - context.clock.now().getTime()) / HOUR_MS;
  const response = await postRequest(
    context.app,
    coordinator,
    requestBody(context.clock.now(), { languageCode: 'ti', organizationId: schoolId, hoursAhead, ...fields }),
  );
  expect(response.statusCode).toBe(201);
  return (response.body as { id: string }).id;
}

async function assign(requestId: string, mediatorId: string) {
  const response = await http(context.app, 'POST', `/api/requests/${requestId}/assign`, {
    headers: coordinator,
    body: { mediatorId },
  });
  expect(response.statusCode).toBe(200);
}

/** The coordinators' list (every speaker, through the API) and a wave's ranking (profile matches only) must agree. */
async function rankBothWays(requestId: string): Promise<Ranked> {
  const list = await http(context.app, 'GET', `/api/requests/${requestId}/candidates`, { headers: coordinator });
  expect(list.statusCode).toBe(200);
  const ranked = list.body as Ranked;
  const [row] = await db.select().from(requests).where(eq(requests.id, requestId));
  if (!row) throw new Error('the request is gone');
  const wave = await context.app.dispatcher.rank(db, row, context.clock.now(), { onlyPossiblyEligible: true });
  expect(wave.eligible).toEqual(ranked.eligible);
  return ranked;
}

describe('the history matching reads from PostgreSQL', () => {
  it('excludes for bookings, weekly load and refusals, and ranks by case history and minutes delivered, the same for a wave and for the full list', async () => {
    const hire = (fullName: string, options: Parameters<typeof createMediator>[1] = {}) =>
      createMediator(db, { fullName, languages: ['ti'], ...options });
    const booked = await hire('Abeba Booked');
    const capped = await hire('Berhane Capped', { maxWeeklyMinutes: 60 });
    const busyLastWeek = await hire('Czeresh Delivered');
    const rested = await hire('Dawit Rested');
    const knowsTheCase = await hire('Eden Continuity');
    const declined = await hire('Filmon Declined');
    const elsewhere = await hire('Genet Elsewhere', { districtIds: [] });

    // Last week: 120 minutes delivered, and a first meeting of case FAM-7.
    const delivered = await createRequest(new Date(LAST_WEEK.getTime() + 2 * HOUR_MS), { durationMinutes: 120 });
    await assign(delivered, busyLastWeek.id);
    const firstMeeting = await createRequest(new Date(LAST_WEEK.getTime() + 3 * HOUR_MS), { caseRef: 'FAM-7' });
    await assign(firstMeeting, knowsTheCase.id);
    context.clock.set(new Date(LAST_WEEK.getTime() + 5 * HOUR_MS));
    const mediatorSession = await createSignedInUser(context.app, db, {
      role: 'mediator',
      mediatorId: busyLastWeek.id,
    });
    const completed = await http(context.app, 'POST', `/api/requests/${delivered}/complete`, {
      headers: mediatorSession.headers,
      body: { actualMinutes: 120, outcome: 'done' },
    });
    expect(completed.statusCode).toBe(200);

    // This week: an hour booked on Monday against a cap of an hour, and a booking at the very time of the request.
    context.clock.set(THIS_MONDAY);
    await assign(await createRequest(new Date(THIS_MONDAY.getTime() + 2 * HOUR_MS)), capped.id);
    await assign(await createRequest(TARGET_START), booked.id);
    const targetId = await createRequest(TARGET_START, { caseRef: 'FAM-7' });
    await db.insert(offers).values({
      requestId: targetId,
      mediatorId: declined.id,
      wave: 1,
      status: 'declined',
      expiresAt: TARGET_START,
      respondedAt: THIS_MONDAY,
    });

    const named = await rankBothWays(targetId);
    expect(named.eligible.map((candidate) => [candidate.fullName, candidate.reasons])).toEqual([
      ['Eden Continuity', ['continuity', 'home_district', 'fairness:0', 'level:native']],
      ['Dawit Rested', ['home_district', 'fairness:0', 'level:native']],
      ['Czeresh Delivered', ['home_district', 'fairness:120', 'level:native']],
    ]);
    expect(named.eligible.map((candidate) => candidate.mediatorId)).toEqual([
      knowsTheCase.id,
      rested.id,
      busyLastWeek.id,
    ]);
    const exclusions = (ranked: Ranked) =>
      new Map(ranked.excluded.map((candidate) => [candidate.mediatorId, candidate.reasons]));
    expect(exclusions(named)).toEqual(
      new Map([
        [booked.id, ['already_booked']],
        [capped.id, ['weekly_cap_exceeded']],
        [declined.id, ['declined']],
        [elsewhere.id, ['district_not_served']],
      ]),
    );

    // Past 600 profile matches (LOOKUPS_BEFORE_A_PASS) the minutes delivered are read in one pass over the period instead
    // of one look-up per mediator: the same answers.
    for (let extra = 0; extra < 600; extra += 1) await hire(`Extra ${extra}`);
    const crowded = await rankBothWays(targetId);
    expect(crowded.eligible).toHaveLength(603);
    const reasonsOf = (ranked: Ranked) =>
      new Map(ranked.eligible.map((candidate) => [candidate.mediatorId, candidate.reasons]));
    for (const mediator of [knowsTheCase, rested, busyLastWeek])
      expect(reasonsOf(crowded).get(mediator.id)).toEqual(reasonsOf(named).get(mediator.id));
    expect(crowded.eligible[0]?.mediatorId).toBe(knowsTheCase.id);
    expect(crowded.eligible.at(-1)?.mediatorId).toBe(busyLastWeek.id);
    expect(exclusions(crowded)).toEqual(exclusions(named));
  });
});
