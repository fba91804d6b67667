import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm';
import type { OfferedSeries } from '@ponte/shared';
import type { Executor } from '../../db/client.js';
import { offers, requests, series, type OfferRow, type RequestRow, type SeriesRow } from '../../db/schema/index.js';
import { weekdaysOf } from '../../domain/series.js';

/**
 * Series rows and their whole-series offers, written only by the dispatch service. Lock order, kept
 * by every path: the lead session's row, then the series row, then the other sessions by start time.
 */
export const seriesRepository = {
  async insert(db: Executor, row: typeof series.$inferInsert): Promise<SeriesRow> {
    const [created] = await db.insert(series).values(row).returning();
    if (!created) throw new Error('insert returned no row');
    return created;
  },

  async findById(db: Executor, id: string): Promise<SeriesRow | undefined> {
    const [row] = await db.select().from(series).where(eq(series.id, id));
    return row;
  },

  async lockById(db: Executor, id: string): Promise<SeriesRow | undefined> {
    const [row] = await db.select().from(series).where(eq(series.id, id)).for('update');
    return row;
  },

  async update(db: Executor, id: string, patch: Partial<typeof series.$inferInsert>): Promise<SeriesRow> {
    const [row] = await db.update(series).set(patch).where(eq(series.id, id)).returning();
    if (!row) throw new Error(`series ${id} is gone`);
    return row;
  },

  /** The sessions, soonest first. */
  async sessions(db: Executor, seriesId: string): Promise<RequestRow[]> {
    return db
      .select()
      .from(requests)
      .where(eq(requests.seriesId, seriesId))
      .orderBy(asc(requests.startsAt), asc(requests.id));
  },

  /** Locks the sessions other than `exceptId` (already locked by the caller), soonest first. */
  async lockSessions(db: Executor, seriesId: string, exceptId?: string): Promise<RequestRow[]> {
    return db
      .select()
      .from(requests)
      .where(and(eq(requests.seriesId, seriesId), exceptId ? ne(requests.id, exceptId) : undefined))
      .orderBy(asc(requests.startsAt), asc(requests.id))
      .for('update');
  },

  /** The sessions still searching other than the lead are due now: each is dispatched alone from here. */
  async wakeSessions(db: Executor, seriesId: string, leadId: string, now: Date): Promise<void> {
    await db
      .update(requests)
      .set({ nextCheckAt: now, updatedAt: sql`now()` })
      .where(and(eq(requests.seriesId, seriesId), ne(requests.id, leadId), inArray(requests.status, ['searching'])));
  },

  /** Mediators who hold or held an offer of the whole series; a withdrawn one may be renewed. */
  async offeredMediatorIds(db: Executor, seriesId: string): Promise<Set<string>> {
    const rows = await db
      .select({ mediatorId: offers.mediatorId })
      .from(offers)
      .where(
        and(eq(offers.seriesId, seriesId), inArray(offers.status, ['pending', 'accepted', 'declined', 'expired'])),
      );
    return new Set(rows.map((row) => row.mediatorId));
  },

  async createWave(
    db: Executor,
    lead: RequestRow,
    seriesId: string,
    mediatorIds: string[],
    wave: number,
    expiresAt: Date,
    now: Date,
  ): Promise<OfferRow[]> {
    return db
      .insert(offers)
      .values(
        mediatorIds.map((mediatorId) => ({
          requestId: lead.id,
          seriesId,
          mediatorId,
          wave,
          expiresAt,
          createdAt: now,
        })),
      )
      .onConflictDoUpdate({
        target: [offers.seriesId, offers.mediatorId],
        targetWhere: sql`${offers.seriesId} IS NOT NULL`,
        set: { status: 'pending', wave, expiresAt, createdAt: now, respondedAt: null, declineReason: null },
        setWhere: sql`${offers.status} = 'withdrawn'`,
      })
      .returning();
  },

  /** What a mediator sees of a series before accepting it: its sessions not cancelled, first and last, weekdays. */
  async summary(db: Executor, seriesId: string): Promise<OfferedSeries> {
    const rows = await db
      .select({ startsAt: requests.startsAt })
      .from(requests)
      .where(and(eq(requests.seriesId, seriesId), ne(requests.status, 'cancelled')))
      .orderBy(asc(requests.startsAt));
    const first = rows[0]?.startsAt ?? new Date(0);
    const last = rows.at(-1)?.startsAt ?? first;
    return {
      id: seriesId,
      sessions: rows.length,
      first: first.toISOString(),
      last: last.toISOString(),
      weekdays: weekdaysOf(rows.map((row) => row.startsAt)),
    };
  },
};
