import { and, eq, inArray, lte, min, ne, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { offers } from '../../db/schema/index.js';

export type OfferRow = typeof offers.$inferSelect;

/** Offer rows as dispatch changes them; always within the transaction that holds the request's lock. */
export const offersStore = {
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

  async earliestPendingExpiry(db: Executor, requestId: string): Promise<{ count: number; earliest: Date | null }> {
    const [row] = await db
      .select({ count: sql<number>`count(*)::int`, earliest: min(offers.expiresAt) })
      .from(offers)
      .where(and(eq(offers.requestId, requestId), eq(offers.status, 'pending')));
    return { count: row?.count ?? 0, earliest: row?.earliest ?? null };
  },

  /** Mediators who hold or held an offer for the request; a withdrawn offer (someone else won) may be renewed. */
  async offeredMediatorIds(db: Executor, requestId: string): Promise<Set<string>> {
    const rows = await db
      .select({ mediatorId: offers.mediatorId })
      .from(offers)
      .where(
        and(eq(offers.requestId, requestId), inArray(offers.status, ['pending', 'accepted', 'declined', 'expired'])),
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
        set: { status: 'pending', wave, expiresAt, createdAt: now, respondedAt: null, declineReason: null },
        setWhere: sql`${offers.status} = 'withdrawn'`,
      })
      .returning();
  },
};
