import { and, count, desc, eq, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { caseExclusions, mediators, organizations, users, type CaseExclusionRow } from '../../db/schema/index.js';

export interface CaseExclusionFilter {
  mediatorId?: string | undefined;
  organizationId?: string | undefined;
  caseRef?: string | undefined;
}

export interface CaseKey {
  mediatorId: string;
  organizationId: string;
  caseRef: string;
}

const withNames = {
  exclusion: caseExclusions,
  mediatorName: mediators.fullName,
  organizationName: organizations.name,
  creatorName: users.name,
  creatorRole: users.role,
};

export type CaseExclusionWithNames = {
  exclusion: CaseExclusionRow;
  mediatorName: string;
  organizationName: string;
  creatorName: string | null;
  creatorRole: string | null;
};

function whereOf(filter: CaseExclusionFilter): SQL | undefined {
  return and(
    filter.mediatorId ? eq(caseExclusions.mediatorId, filter.mediatorId) : undefined,
    filter.organizationId ? eq(caseExclusions.organizationId, filter.organizationId) : undefined,
    filter.caseRef ? eq(caseExclusions.caseRef, filter.caseRef) : undefined,
  );
}

export const caseExclusionsRepository = {
  async list(db: Executor, filter: CaseExclusionFilter, page: { limit: number; offset: number }) {
    const where = whereOf(filter);
    const [items, [total]] = await Promise.all([
      db
        .select(withNames)
        .from(caseExclusions)
        .innerJoin(mediators, eq(mediators.id, caseExclusions.mediatorId))
        .innerJoin(organizations, eq(organizations.id, caseExclusions.organizationId))
        .leftJoin(users, eq(users.id, caseExclusions.createdByUserId))
        .where(where)
        .orderBy(desc(caseExclusions.createdAt), desc(caseExclusions.id))
        .limit(page.limit)
        .offset(page.offset),
      db.select({ n: count() }).from(caseExclusions).where(where),
    ]);
    return { items: items as CaseExclusionWithNames[], total: total?.n ?? 0 };
  },

  async findWithNames(db: Executor, id: string): Promise<CaseExclusionWithNames | undefined> {
    const [row] = await db
      .select(withNames)
      .from(caseExclusions)
      .innerJoin(mediators, eq(mediators.id, caseExclusions.mediatorId))
      .innerJoin(organizations, eq(organizations.id, caseExclusions.organizationId))
      .leftJoin(users, eq(users.id, caseExclusions.createdByUserId))
      .where(eq(caseExclusions.id, id));
    return row as CaseExclusionWithNames | undefined;
  },

  /** The new exclusion, or undefined when that mediator is already excluded from that case. */
  async insert(db: Executor, row: typeof caseExclusions.$inferInsert): Promise<CaseExclusionRow | undefined> {
    const [created] = await db.insert(caseExclusions).values(row).onConflictDoNothing().returning();
    return created;
  },

  async findByCase(db: Executor, key: CaseKey): Promise<CaseExclusionRow | undefined> {
    const [row] = await db
      .select()
      .from(caseExclusions)
      .where(
        and(
          eq(caseExclusions.mediatorId, key.mediatorId),
          eq(caseExclusions.organizationId, key.organizationId),
          eq(caseExclusions.caseRef, key.caseRef),
        ),
      );
    return row;
  },

  async delete(db: Executor, id: string): Promise<boolean> {
    const deleted = await db
      .delete(caseExclusions)
      .where(eq(caseExclusions.id, id))
      .returning({ id: caseExclusions.id });
    return deleted.length > 0;
  },

  async mediatorExists(db: Executor, id: string): Promise<boolean> {
    const [row] = await db.select({ id: mediators.id }).from(mediators).where(eq(mediators.id, id));
    return row !== undefined;
  },

  async organizationExists(db: Executor, id: string): Promise<boolean> {
    const [row] = await db.select({ id: organizations.id }).from(organizations).where(eq(organizations.id, id));
    return row !== undefined;
  },
};
