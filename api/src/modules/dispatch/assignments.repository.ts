import { and, eq } from 'drizzle-orm';
import type { Mode } from '@ponte/shared';
import type { Executor } from '../../db/client.js';
import { assignments, mediators } from '../../db/schema/index.js';

type EndedStatus = 'cancelled' | 'withdrawn' | 'completed';

/** Assignment rows (a mediator's booked time), written only here and only by the dispatch service. */
export const assignmentsRepository = {
  /**
   * Locks the mediator's row against other bookings of theirs until commit. Two bookings of one mediator
   * that overlap would otherwise both insert and then wait on each other in the exclusion constraint
   * (a deadlock); taken after the request's lock, always in that order. NO KEY UPDATE leaves offers and
   * assignments referencing the mediator free to be written meanwhile. Undefined: no such mediator.
   */
  async lockMediatorForBooking(db: Executor, mediatorId: string): Promise<{ active: boolean } | undefined> {
    const [row] = await db
      .select({ active: mediators.active })
      .from(mediators)
      .where(eq(mediators.id, mediatorId))
      .for('no key update');
    return row;
  },

  /** The exclusion constraint refuses an overlap with the mediator's other active bookings (SQLSTATE 23P01). */
  async insert(
    db: Executor,
    booking: {
      requestId: string;
      mediatorId: string;
      startsAt: Date;
      endsAt: Date;
      blockedUntil: Date;
      mode: Mode;
      createdAt: Date;
    },
  ): Promise<void> {
    await db.insert(assignments).values(booking);
  },

  async endActive(db: Executor, requestId: string, status: EndedStatus, now: Date): Promise<void> {
    await db
      .update(assignments)
      .set({ status, endedAt: now })
      .where(and(eq(assignments.requestId, requestId), eq(assignments.status, 'active')));
  },
};
