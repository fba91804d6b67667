import { asc, count, eq, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { invitations, mediators, organizations, users } from '../../db/schema/index.js';

export const usersRepository = {
  async findById(db: Executor, id: string) {
    const [user] = await db.select().from(users).where(eq(users.id, id));
    return user;
  },

  async emailTaken(db: Executor, email: string): Promise<boolean> {
    const [row] = await db
      .select({ id: users.id })
      .from(users)
      .where(sql`lower(${users.email}) = lower(${email})`);
    return row !== undefined;
  },

  async organizationExists(db: Executor, id: string): Promise<boolean> {
    const [row] = await db.select({ id: organizations.id }).from(organizations).where(eq(organizations.id, id));
    return row !== undefined;
  },

  async mediatorExists(db: Executor, id: string): Promise<boolean> {
    const [row] = await db.select({ id: mediators.id }).from(mediators).where(eq(mediators.id, id));
    return row !== undefined;
  },

  async mediatorHasAccount(db: Executor, mediatorId: string): Promise<boolean> {
    const [row] = await db.select({ id: users.id }).from(users).where(eq(users.mediatorId, mediatorId));
    return row !== undefined;
  },

  async insert(db: Executor, row: typeof users.$inferInsert) {
    const [user] = await db.insert(users).values(row).returning();
    if (!user) throw new Error('insert returned no row');
    return user;
  },

  async insertInvitation(db: Executor, row: typeof invitations.$inferInsert) {
    await db.insert(invitations).values(row);
  },

  async update(db: Executor, id: string, patch: Partial<typeof users.$inferInsert>) {
    const [user] = await db.update(users).set(patch).where(eq(users.id, id)).returning();
    return user;
  },

  async list(db: Executor, page: { limit: number; offset: number }) {
    const [items, [total]] = await Promise.all([
      db.select().from(users).orderBy(asc(users.name), asc(users.id)).limit(page.limit).offset(page.offset),
      db.select({ n: count() }).from(users),
    ]);
    return { items, total: total?.n ?? 0 };
  },
};
