import { asc, count, eq } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { districts, organizations } from '../../db/schema/index.js';

export type OrganizationRow = typeof organizations.$inferSelect;

export const organizationsRepository = {
  async findById(db: Executor, id: string): Promise<OrganizationRow | undefined> {
    const [row] = await db.select().from(organizations).where(eq(organizations.id, id));
    return row;
  },

  async list(db: Executor, page: { limit: number; offset: number }) {
    const [items, [total]] = await Promise.all([
      db
        .select()
        .from(organizations)
        .orderBy(asc(organizations.name), asc(organizations.id))
        .limit(page.limit)
        .offset(page.offset),
      db.select({ n: count() }).from(organizations),
    ]);
    return { items, total: total?.n ?? 0 };
  },

  async districtExists(db: Executor, id: string): Promise<boolean> {
    const [row] = await db.select({ id: districts.id }).from(districts).where(eq(districts.id, id));
    return row !== undefined;
  },

  async insert(db: Executor, row: typeof organizations.$inferInsert): Promise<OrganizationRow> {
    const [created] = await db.insert(organizations).values(row).returning();
    if (!created) throw new Error('insert returned no row');
    return created;
  },

  async update(db: Executor, id: string, patch: Partial<typeof organizations.$inferInsert>) {
    const [row] = await db.update(organizations).set(patch).where(eq(organizations.id, id)).returning();
    return row;
  },
};
