import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { requests } from '../../src/db/schema/index.js';
import { sqlState } from '../../src/lib/database-errors.js';
import { assignmentsRepository } from '../../src/modules/dispatch/assignments.repository.js';
import { createMediator, createOrganization, createUser } from '../helpers/factories.js';
import { createTestApp, type TestContext } from '../helpers/test-app.js';

const HOUR = 3_600_000;
const ROUNDS = 300;

let context: TestContext;
let db: Database;

beforeAll(async () => {
  context = await createTestApp();
  db = context.database.db;
});
afterAll(async () => context.close());

/**
 * Issue 13, point 2, below the HTTP layer: two transactions inserting overlapping bookings of one
 * mediator at the same instant each find the other's uncommitted row in the exclusion constraint and
 * wait for it — PostgreSQL then kills one with "deadlock detected" (about 1 round in 125 on the development machine). The
 * mediator's row lock, taken before the insert, makes the second wait for the first and then meet a
 * plain exclusion violation.
 */
describe("a mediator's bookings", () => {
  it(`racing at the same instant end in one booking and one exclusion violation, never a deadlock (${ROUNDS} rounds)`, async () => {
    const organization = await createOrganization(db, { districtId: 'vimercate', municipality: 'Vimercate' });
    const requester = await createUser(db, { role: 'requester', organizationId: organization.id });
    const mediator = await createMediator(db, { languages: ['ti'] });
    const newRequest = async (startsAt: Date) => {
      const [row] = await db
        .insert(requests)
        .values({
          organizationId: organization.id,
          createdByUserId: requester.id,
          serviceType: 'school_welcome',
          languageCode: 'ti',
          mode: 'phone',
          startsAt,
          durationMinutes: 60,
          districtId: 'vimercate',
          locationAddress: 'Via Roma 1',
          locationMunicipality: 'Vimercate',
          contactName: 'Maestra Rossi',
          contactPhone: '+39 039 1234567',
        })
        .returning();
      return row!;
    };
    const book = (requestId: string, startsAt: Date) =>
      db
        .transaction(async (transaction) => {
          await assignmentsRepository.lockMediatorForBooking(transaction, mediator.id);
          await assignmentsRepository.insert(transaction, {
            requestId,
            mediatorId: mediator.id,
            startsAt,
            endsAt: new Date(startsAt.getTime() + HOUR),
            blockedUntil: new Date(startsAt.getTime() + HOUR),
            mode: 'phone',
            createdAt: new Date(),
          });
          return 'booked';
        })
        .catch((error: unknown) => sqlState(error) ?? String(error));

    const outcomes: Record<string, number> = {};
    for (let round = 0; round < ROUNDS; round += 1) {
      const startsAt = new Date(Date.UTC(2030, 0, 1) + round * 2 * HOUR);
      const [first, second] = [await newRequest(startsAt), await newRequest(startsAt)];
      const results = await Promise.all([book(first.id, startsAt), book(second.id, startsAt)]);
      for (const result of results) outcomes[result] = (outcomes[result] ?? 0) + 1;
    }
    expect(outcomes).toEqual({ booked: ROUNDS, '23P01': ROUNDS });
  });
});
