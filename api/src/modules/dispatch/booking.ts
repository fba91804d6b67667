import type { Executor } from '../../db/client.js';
import { assignments } from '../../db/schema/index.js';
import { blockedInterval } from '../../domain/matching.js';
import { conflict } from '../../lib/errors.js';
import { requestsRepository, type RequestRow } from '../requests/requests.repository.js';

/**
 * Books the mediator for the request and marks it assigned — for an accepted offer and a manual
 * assignment alike. The exclusion constraint refuses an overlap (SQLSTATE 23P01 → 409 MEDIATOR_BUSY);
 * the conditional status update lets only the first of two racing bookings through.
 */
export async function bookMediator(
  executor: Executor,
  row: RequestRow,
  mediatorId: string,
  now: Date,
  travelBufferMinutes: number,
): Promise<RequestRow> {
  const endsAt = new Date(row.startsAt.getTime() + row.durationMinutes * 60_000);
  const blocked = blockedInterval(row.startsAt, endsAt, row.mode, travelBufferMinutes);
  const updated = await requestsRepository.updateIfStatus(executor, row.id, ['searching', 'unfilled'], {
    status: 'assigned',
    assignedMediatorId: mediatorId,
    assignedAt: now,
    nextCheckAt: null,
  });
  if (!updated) throw conflict('INVALID_TRANSITION', `A request that is ${row.status} cannot be assigned`);
  await executor.insert(assignments).values({
    requestId: row.id,
    mediatorId,
    startsAt: row.startsAt,
    endsAt,
    blockedUntil: blocked.end,
    mode: row.mode,
    createdAt: now,
  });
  return updated;
}
