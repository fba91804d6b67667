import { and, asc, eq, inArray, isNotNull, lte, sql } from 'drizzle-orm';
import type { RequestStatus } from '@ponte/shared';
import type { Executor } from '../../db/client.js';
import { requests, type NewRequestRow, type RequestRow } from '../../db/schema/index.js';

/**
 * The request row as its life changes it: status, assignment, completion, confirmation and dispatch
 * fields are written only here, only by the dispatch service, after the state machine decided.
 */
export const requestLifeRepository = {
  /** DESIGN.md, Privacy: personal fields of finished requests go after the retention period; the figures stay. */
  async erasePersonalData(db: Executor, finishedBefore: Date, now: Date): Promise<number> {
    const erased = await db
      .update(requests)
      .set({
        contactName: null,
        contactPhone: null,
        notes: null,
        subject: null,
        caseRef: null,
        locationAddress: null,
        cancelReason: null,
        completionNote: null,
        confirmationComment: null,
        personalDataErasedAt: now,
      })
      .where(
        and(
          sql`${requests.personalDataErasedAt} IS NULL`,
          inArray(requests.status, ['completed', 'cancelled', 'expired', 'unfilled']),
          lte(requests.startsAt, finishedBefore),
        ),
      )
      .returning({ id: requests.id });
    return erased.length;
  },

  /** A new request, searching or awaiting approval; its dispatch plan and its charge come with it. */
  async insert(db: Executor, row: NewRequestRow & { status: 'searching' | 'awaiting_approval' }): Promise<RequestRow> {
    const [created] = await db.insert(requests).values(row).returning();
    if (!created) throw new Error('insert returned no row');
    return created;
  },

  /** Locks the request row for the rest of the transaction: every change of a request goes through here first. */
  async lockById(db: Executor, id: string): Promise<RequestRow | undefined> {
    const [row] = await db.select().from(requests).where(eq(requests.id, id)).for('update');
    return row;
  },

  /**
   * Locks the request an offer belongs to. The offer's foreign key (ON DELETE CASCADE) means the row
   * exists whenever the offer does, so a missing one is a bug, not a "not found".
   */
  async lockOfOffer(db: Executor, offer: { requestId: string }): Promise<RequestRow> {
    const [row] = await db.select().from(requests).where(eq(requests.id, offer.requestId)).for('update');
    if (!row) throw new Error(`request ${offer.requestId} of an existing offer is missing`);
    return row;
  },

  /** Like lockById, but a request another transaction holds is not waited for (undefined). */
  async lockByIdUnlessHeld(db: Executor, id: string): Promise<RequestRow | undefined> {
    const [row] = await db.select().from(requests).where(eq(requests.id, id)).for('update', { skipLocked: true });
    return row;
  },

  async findDueIds(db: Executor, now: Date, limit: number): Promise<string[]> {
    const rows = await db
      .select({ id: requests.id })
      .from(requests)
      .where(and(isNotNull(requests.nextCheckAt), lte(requests.nextCheckAt, now)))
      .orderBy(asc(requests.nextCheckAt))
      .limit(limit);
    return rows.map((row) => row.id);
  },

  /**
   * A conditional update: applies only while the request is still in `from` (and, when given, still at
   * `waveNumber`), and says whether it did — how the first of two racing changes wins.
   */
  async updateIf(
    db: Executor,
    id: string,
    expected: { from: RequestStatus[]; waveNumber?: number },
    patch: Partial<NewRequestRow>,
  ): Promise<RequestRow | undefined> {
    const [row] = await db
      .update(requests)
      .set({ ...patch, updatedAt: sql`now()` })
      .where(
        and(
          eq(requests.id, id),
          inArray(requests.status, expected.from),
          expected.waveNumber === undefined ? undefined : eq(requests.waveNumber, expected.waveNumber),
        ),
      )
      .returning();
    return row;
  },

  /** A change of a request whose row this transaction has locked, so it is there. */
  async updateLocked(db: Executor, id: string, patch: Partial<NewRequestRow>): Promise<RequestRow> {
    const [row] = await db
      .update(requests)
      .set({ ...patch, updatedAt: sql`now()` })
      .where(eq(requests.id, id))
      .returning();
    if (!row) throw new Error(`the locked request ${id} is gone`);
    return row;
  },
};
