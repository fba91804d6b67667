import { and, count, eq, gte, inArray, isNull, lt, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { invitations, loginFailures, refreshTokens, users } from '../../db/schema/index.js';

export type UserRow = typeof users.$inferSelect;

export const authRepository = {
  async findUserByEmail(db: Executor, email: string): Promise<UserRow | undefined> {
    const [user] = await db
      .select()
      .from(users)
      .where(sql`lower(${users.email}) = lower(${email})`);
    return user;
  },

  async findUserById(db: Executor, id: string): Promise<UserRow | undefined> {
    const [user] = await db.select().from(users).where(eq(users.id, id));
    return user;
  },

  async countFailuresSince(db: Executor, key: string, since: Date): Promise<number> {
    const [row] = await db
      .select({ n: count() })
      .from(loginFailures)
      .where(and(eq(loginFailures.key, key), gte(loginFailures.at, since)));
    return row?.n ?? 0;
  },

  /**
   * Serializes the throttle decisions of these keys until the transaction ends (advisory locks, taken
   * in the order given: account first, then address, so two logins never wait on each other in a cycle).
   */
  async lockThrottleKeys(db: Executor, keys: string[]) {
    for (const key of keys) await db.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`login:${key}`}))`);
  },

  async recordFailures(db: Executor, keys: string[], at: Date): Promise<number[]> {
    const rows = await db
      .insert(loginFailures)
      .values(keys.map((key) => ({ key, at })))
      .returning({ id: loginFailures.id });
    return rows.map((row) => row.id);
  },

  async deleteFailures(db: Executor, ids: number[]) {
    if (ids.length > 0) await db.delete(loginFailures).where(inArray(loginFailures.id, ids));
  },

  async clearFailures(db: Executor, key: string) {
    await db.delete(loginFailures).where(eq(loginFailures.key, key));
  },

  async deleteFailuresBefore(db: Executor, before: Date) {
    await db.delete(loginFailures).where(lt(loginFailures.at, before));
  },

  async insertRefreshToken(db: Executor, row: typeof refreshTokens.$inferInsert) {
    await db.insert(refreshTokens).values(row);
  },

  async findRefreshToken(db: Executor, tokenHash: string) {
    const [row] = await db.select().from(refreshTokens).where(eq(refreshTokens.tokenHash, tokenHash));
    return row;
  },

  /** Marks a refresh token used only if nobody used it first; false means it was already spent. */
  async spendRefreshToken(db: Executor, id: string, at: Date): Promise<boolean> {
    const spent = await db
      .update(refreshTokens)
      .set({ usedAt: at })
      .where(and(eq(refreshTokens.id, id), isNull(refreshTokens.usedAt), isNull(refreshTokens.revokedAt)))
      .returning({ id: refreshTokens.id });
    return spent.length === 1;
  },

  async revokeFamily(db: Executor, familyId: string, at: Date) {
    await db
      .update(refreshTokens)
      .set({ revokedAt: at })
      .where(and(eq(refreshTokens.familyId, familyId), isNull(refreshTokens.revokedAt)));
  },

  async findInvitation(db: Executor, tokenHash: string) {
    const [row] = await db.select().from(invitations).where(eq(invitations.tokenHash, tokenHash));
    return row;
  },

  async useInvitation(db: Executor, id: string, at: Date): Promise<boolean> {
    const used = await db
      .update(invitations)
      .set({ usedAt: at })
      .where(and(eq(invitations.id, id), isNull(invitations.usedAt)))
      .returning({ id: invitations.id });
    return used.length === 1;
  },

  async setPassword(db: Executor, userId: string, passwordHash: string) {
    await db.update(users).set({ passwordHash }).where(eq(users.id, userId));
  },
};
