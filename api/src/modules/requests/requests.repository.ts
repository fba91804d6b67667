import { and, asc, eq, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { isoTime } from '../../db/iso-time.js';
import {
  districts,
  fundingLines,
  idempotencyKeys,
  languages,
  mediators,
  offers,
  organizations,
  requestEvents,
  requests,
  series,
  users,
  type RequestRow,
  type SeriesRow,
} from '../../db/schema/index.js';

export type { RequestRow };

const requestWithNames = {
  request: requests,
  organizationName: organizations.name,
  organizationKind: organizations.kind,
  mediatorName: mediators.fullName,
  mediatorPhone: mediators.phone,
  fundingLineName: fundingLines.name,
};

export type RequestWithNames = {
  request: RequestRow;
  organizationName: string;
  organizationKind: string;
  mediatorName: string | null;
  mediatorPhone: string | null;
  fundingLineName: string | null;
};

/** One audit event as the detail query reads it (`at` already in ISO format). */
export interface TimelineRow {
  at: string;
  type: string;
  data: Record<string, unknown>;
  actorId: string | null;
  actorName: string | null;
  actorRole: string | null;
}

export const requestsRepository = {
  /** A series with its sessions' ids, soonest first. */
  async findSeries(db: Executor, id: string): Promise<{ series: SeriesRow; sessionIds: string[] } | undefined> {
    const [found] = await db.select().from(series).where(eq(series.id, id));
    if (!found) return undefined;
    const sessions = await db
      .select({ id: requests.id })
      .from(requests)
      .where(eq(requests.seriesId, id))
      .orderBy(asc(requests.startsAt), asc(requests.id));
    return { series: found, sessionIds: sessions.map((session) => session.id) };
  },

  async findById(db: Executor, id: string): Promise<RequestRow | undefined> {
    const [row] = await db.select().from(requests).where(eq(requests.id, id));
    return row;
  },

  /** The request with its names, pending-offer count and timeline (oldest first), in one query. */
  async findDetail(
    db: Executor,
    id: string,
  ): Promise<(RequestWithNames & { pendingOffers: number; timeline: TimelineRow[] }) | undefined> {
    const [row] = await db
      .select({
        ...requestWithNames,
        pendingOffers: sql<number>`(SELECT count(*)::int FROM ${offers} WHERE ${offers.requestId} = ${requests.id} AND ${offers.status} = 'pending')`,
        timeline: sql<TimelineRow[]>`(
          SELECT coalesce(json_agg(json_build_object(
            'at', ${isoTime(requestEvents.at)}, 'type', ${requestEvents.type}, 'data', ${requestEvents.data},
            'actorId', ${users.id}, 'actorName', ${users.name}, 'actorRole', ${users.role}) ORDER BY ${requestEvents.id}), '[]')
          FROM ${requestEvents} LEFT JOIN ${users} ON ${users.id} = ${requestEvents.actorUserId}
          WHERE ${requestEvents.requestId} = ${requests.id})`,
      })
      .from(requests)
      .innerJoin(organizations, eq(organizations.id, requests.organizationId))
      .leftJoin(mediators, eq(mediators.id, requests.assignedMediatorId))
      .leftJoin(fundingLines, eq(fundingLines.id, requests.fundingLineId))
      .where(eq(requests.id, id));
    return row;
  },

  /** The organization a new request is for, and whether its language is one Ponte knows. */
  async findOrganizationForCreate(db: Executor, organizationId: string, languageCode: string) {
    const [found] = await db
      .select({
        organization: organizations,
        languageKnown: sql<boolean>`EXISTS (SELECT 1 FROM ${languages} WHERE ${languages.code} = ${languageCode})`,
      })
      .from(organizations)
      .where(eq(organizations.id, organizationId));
    return found;
  },

  /** Claims an Idempotency-Key for the user; false when it was already claimed (the unique key waited for that commit). */
  async claimIdempotencyKey(db: Executor, userId: string, key: string, bodyHash: string): Promise<boolean> {
    const claimed = await db
      .insert(idempotencyKeys)
      .values({ userId, key, bodyHash })
      .onConflictDoNothing()
      .returning({ key: idempotencyKeys.key });
    return claimed.length === 1;
  },

  async findIdempotencyKey(db: Executor, userId: string, key: string) {
    const [existing] = await db
      .select()
      .from(idempotencyKeys)
      .where(and(eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, key)));
    return existing;
  },

  async storeIdempotentResponse(
    db: Executor,
    userId: string,
    key: string,
    response: { requestId: string; body: unknown },
  ): Promise<void> {
    await db
      .update(idempotencyKeys)
      .set({ requestId: response.requestId, response: response.body })
      .where(and(eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, key)));
  },

  async findDistrictOfMunicipality(db: Executor, municipality: string): Promise<string | undefined> {
    const [row] = await db
      .select({ id: districts.id })
      .from(districts)
      .where(sql`lower(${municipality}) = ANY (SELECT lower(m) FROM unnest(${districts.municipalities}) AS m)`)
      .orderBy(asc(districts.id))
      .limit(1);
    return row?.id;
  },
};
