import { and, eq, gt, inArray, isNull, lte, min, ne, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { assignments, offers, requests, type OfferRow, type RequestRow } from '../../db/schema/index.js';

/**
 * Offer rows, written only here and only by the dispatch service, within the transaction that holds
 * the request's row lock.
 */
export const offersRepository = {
  async findById(db: Executor, offerId: string): Promise<OfferRow | undefined> {
    const [offer] = await db.select().from(offers).where(eq(offers.id, offerId));
    return offer;
  },

  async findOwn(db: Executor, offerId: string, mediatorId: string): Promise<OfferRow | undefined> {
    const [offer] = await db
      .select()
      .from(offers)
      .where(and(eq(offers.id, offerId), eq(offers.mediatorId, mediatorId)));
    return offer;
  },

  async findPendingIdsOfMediator(db: Executor, mediatorId: string): Promise<string[]> {
    const rows = await db
      .select({ id: offers.id })
      .from(offers)
      .where(and(eq(offers.mediatorId, mediatorId), eq(offers.status, 'pending')));
    return rows.map((row) => row.id);
  },

  /** Takes a pending, unexpired offer, only while its mediator is active; undefined when it cannot be taken. */
  async accept(db: Executor, offerId: string, mediatorId: string, now: Date): Promise<OfferRow | undefined> {
    const [accepted] = await db
      .update(offers)
      .set({ status: 'accepted', respondedAt: now })
      .where(
        and(
          eq(offers.id, offerId),
          eq(offers.status, 'pending'),
          gt(offers.expiresAt, now),
          sql`EXISTS (SELECT 1 FROM mediators WHERE id = ${mediatorId} AND active)`,
        ),
      )
      .returning();
    return accepted;
  },

  async decline(db: Executor, offerId: string, now: Date, reason: string | null): Promise<OfferRow | undefined> {
    const [declined] = await db
      .update(offers)
      .set({ status: 'declined', respondedAt: now, declineReason: reason })
      .where(and(eq(offers.id, offerId), eq(offers.status, 'pending')))
      .returning();
    return declined;
  },

  async withdrawOne(db: Executor, offerId: string, now: Date): Promise<OfferRow | undefined> {
    const [withdrawn] = await db
      .update(offers)
      .set({ status: 'withdrawn', respondedAt: now })
      .where(and(eq(offers.id, offerId), eq(offers.status, 'pending')))
      .returning();
    return withdrawn;
  },

  async expireDue(db: Executor, requestId: string, now: Date): Promise<OfferRow[]> {
    return db
      .update(offers)
      .set({ status: 'expired', respondedAt: now })
      .where(and(eq(offers.requestId, requestId), eq(offers.status, 'pending'), lte(offers.expiresAt, now)))
      .returning();
  },

  async withdrawPending(db: Executor, requestId: string, now: Date, exceptOfferId?: string): Promise<OfferRow[]> {
    return db
      .update(offers)
      .set({ status: 'withdrawn', respondedAt: now })
      .where(
        and(
          eq(offers.requestId, requestId),
          eq(offers.status, 'pending'),
          exceptOfferId ? ne(offers.id, exceptOfferId) : undefined,
        ),
      )
      .returning();
  },

  /**
   * The mediator's pending offers of other requests, with their requests, locked. SKIP LOCKED: an offer
   * being accepted right now by this mediator is left alone (its accept then finds the mediator busy)
   * rather than waited for.
   */
  async lockPendingOfMediator(
    db: Executor,
    mediatorId: string,
    exceptRequestId: string,
  ): Promise<{ offer: OfferRow; request: RequestRow }[]> {
    return db
      .select({ offer: offers, request: requests })
      .from(offers)
      .innerJoin(requests, eq(requests.id, offers.requestId))
      .where(
        and(eq(offers.mediatorId, mediatorId), eq(offers.status, 'pending'), ne(offers.requestId, exceptRequestId)),
      )
      .for('update', { of: offers, skipLocked: true });
  },

  /** Whether the offer was withdrawn because its mediator is now booked at an overlapping time. */
  async isWithdrawnForOverlap(
    db: Executor,
    offerId: string,
    mediatorId: string,
    travelBufferMinutes: number,
  ): Promise<boolean> {
    const [row] = await db
      .select({ id: assignments.id })
      .from(offers)
      .innerJoin(requests, eq(requests.id, offers.requestId))
      .innerJoin(assignments, and(eq(assignments.mediatorId, mediatorId), eq(assignments.status, 'active')))
      .where(
        and(
          eq(offers.id, offerId),
          eq(offers.status, 'withdrawn'),
          sql`tstzrange(${assignments.startsAt}, ${assignments.blockedUntil}) && tstzrange(${requests.startsAt}, ${requests.startsAt} + make_interval(mins => ${requests.durationMinutes} + CASE WHEN ${requests.mode} = 'in_person' THEN ${travelBufferMinutes}::int ELSE 0 END))`,
        ),
      )
      .limit(1);
    return row !== undefined;
  },

  async earliestPendingExpiry(db: Executor, requestId: string): Promise<{ count: number; earliest: Date | null }> {
    const [row] = await db
      .select({ count: sql<number>`count(*)::int`, earliest: min(offers.expiresAt) })
      .from(offers)
      .where(and(eq(offers.requestId, requestId), eq(offers.status, 'pending')));
    return { count: row?.count ?? 0, earliest: row?.earliest ?? null };
  },

  /**
   * Mediators who hold or held an offer for the request; a withdrawn offer (someone else won) may be
   * renewed. Offers of the whole series (on its lead session) do not count: turning down ten sessions
   * at once says nothing about taking one.
   */
  async offeredMediatorIds(db: Executor, requestId: string): Promise<Set<string>> {
    const rows = await db
      .select({ mediatorId: offers.mediatorId })
      .from(offers)
      .where(
        and(
          eq(offers.requestId, requestId),
          isNull(offers.seriesId),
          inArray(offers.status, ['pending', 'accepted', 'declined', 'expired']),
        ),
      );
    return new Set(rows.map((row) => row.mediatorId));
  },

  async createWave(
    db: Executor,
    requestId: string,
    mediatorIds: string[],
    wave: number,
    expiresAt: Date,
    now: Date,
  ): Promise<OfferRow[]> {
    return db
      .insert(offers)
      .values(mediatorIds.map((mediatorId) => ({ requestId, mediatorId, wave, expiresAt, createdAt: now })))
      .onConflictDoUpdate({
        target: [offers.requestId, offers.mediatorId],
        targetWhere: sql`${offers.seriesId} IS NULL`,
        set: { status: 'pending', wave, expiresAt, createdAt: now, respondedAt: null, declineReason: null },
        // A withdrawn offer is offered again like a new one; an expired one only by a last call.
        setWhere: sql`${offers.status} IN ('withdrawn', 'expired')`,
      })
      .returning();
  },
};
