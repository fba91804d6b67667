import { and, eq, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { pushSubscriptions } from '../../db/schema/index.js';

export const pushRepository = {
  /**
   * Stores the subscription for the user; an endpoint already known (the same browser subscribing
   * again, or for someone else now) is updated in place. `created` says whether the row is new.
   */
  async upsert(
    db: Executor,
    subscription: { userId: string; endpoint: string; p256dh: string; auth: string },
  ): Promise<{ id: string; created: boolean }> {
    const [row] = await db
      .insert(pushSubscriptions)
      .values(subscription)
      .onConflictDoUpdate({
        target: pushSubscriptions.endpoint,
        set: {
          userId: subscription.userId,
          p256dh: subscription.p256dh,
          auth: subscription.auth,
          failureCount: 0,
          lastError: null,
        },
      })
      // xmax is 0 on a row this statement inserted, the locking transaction's id on one it updated.
      .returning({ id: pushSubscriptions.id, created: sql<boolean>`(xmax = 0)` });
    if (!row) throw new Error('the subscription was not stored');
    return row;
  },

  async deleteOwn(db: Executor, id: string, userId: string): Promise<boolean> {
    const deleted = await db
      .delete(pushSubscriptions)
      .where(and(eq(pushSubscriptions.id, id), eq(pushSubscriptions.userId, userId)))
      .returning({ id: pushSubscriptions.id });
    return deleted.length > 0;
  },
};
