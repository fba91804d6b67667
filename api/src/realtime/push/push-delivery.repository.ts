import { and, eq, isNotNull, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { languages, offers, outbox, pushSubscriptions, requests, users } from '../../db/schema/index.js';
import type { OutboxRow } from '../outbox.js';

/** The push relay's queries (drizzle only; the decisions are in push-relay.ts). */
export const pushDeliveryRepository = {
  /** Everything one push needs, read when it is sent so it says what is true then. */
  async findFacts(db: Executor, row: OutboxRow) {
    if (!row.pushSubscriptionId) return undefined;
    const [facts] = await db
      .select({
        subscription: {
          id: pushSubscriptions.id,
          endpoint: pushSubscriptions.endpoint,
          p256dh: pushSubscriptions.p256dh,
          auth: pushSubscriptions.auth,
        },
        recipient: { locale: users.locale, active: users.active, mediatorId: users.mediatorId },
        request: {
          id: requests.id,
          status: requests.status,
          serviceType: requests.serviceType,
          dialect: requests.dialect,
          mode: requests.mode,
          startsAt: requests.startsAt,
          durationMinutes: requests.durationMinutes,
          municipality: requests.locationMunicipality,
          assignedMediatorId: requests.assignedMediatorId,
          confirmedAt: requests.confirmedAt,
          tier: sql<string | null>`${requests.dispatchPlan} ->> 'tier'`,
        },
        language: { nameIt: languages.nameIt, nameEn: languages.nameEn },
        offer: { status: offers.status, expiresAt: offers.expiresAt },
      })
      .from(pushSubscriptions)
      .innerJoin(users, eq(users.id, row.recipientUserId))
      .innerJoin(requests, eq(requests.id, row.requestId))
      .innerJoin(languages, eq(languages.code, requests.languageCode))
      .leftJoin(offers, row.offerId ? eq(offers.id, row.offerId) : sql`false`)
      .where(and(eq(pushSubscriptions.id, row.pushSubscriptionId), eq(pushSubscriptions.userId, row.recipientUserId)));
    return facts;
  },

  /** Whether the offer's own push reached this device's push service: a withdrawal of an offer never shown is noise. */
  async offerPushWasSent(db: Executor, row: OutboxRow): Promise<boolean> {
    if (!row.offerId || !row.pushSubscriptionId) return false;
    const [sent] = await db
      .select({ id: outbox.id })
      .from(outbox)
      .where(
        and(
          eq(outbox.channel, 'push'),
          eq(outbox.kind, 'offer'),
          eq(outbox.offerId, row.offerId),
          eq(outbox.pushSubscriptionId, row.pushSubscriptionId),
          isNotNull(outbox.sentAt),
        ),
      )
      .limit(1);
    return Boolean(sent);
  },

  async recordSuccess(db: Executor, subscriptionId: string, at: Date): Promise<void> {
    await db
      .update(pushSubscriptions)
      .set({ lastSuccessAt: at, failureCount: 0, lastError: null })
      .where(eq(pushSubscriptions.id, subscriptionId));
  },

  async recordFailure(db: Executor, subscriptionId: string, at: Date, error: string): Promise<void> {
    await db
      .update(pushSubscriptions)
      .set({ lastFailureAt: at, failureCount: sql`${pushSubscriptions.failureCount} + 1`, lastError: error })
      .where(eq(pushSubscriptions.id, subscriptionId));
  },

  /** The push service says the subscription is gone (404, 410): its pending pushes go with it. */
  async deleteSubscription(db: Executor, subscriptionId: string): Promise<void> {
    await db.delete(pushSubscriptions).where(eq(pushSubscriptions.id, subscriptionId));
  },
};

export type PushFacts = NonNullable<Awaited<ReturnType<typeof pushDeliveryRepository.findFacts>>>;
