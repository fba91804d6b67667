import { and, eq, gt, sql, type SQL } from 'drizzle-orm';
import type { OfferStatus } from '@ponte/shared';
import type { Database } from '../../db/client.js';
import { isoTime } from '../../db/iso-time.js';
import { offers, requests } from '../../db/schema/index.js';

/** Longest list one call returns. */
const LIST_LIMIT = 200;

/**
 * One offer as a mediator sees it (the shared `Offer` schema; DESIGN.md, Privacy: nothing personal
 * before assignment), built by PostgreSQL. The offer list is the route mediators' phones read most: JSON
 * made by the query spares parsing a dozen rows into objects and serializing them again.
 */
/** The series of a whole-series offer (the shared `OfferedSeries`), or null; seriesRepository.summary says the same. */
const seriesJson = sql`CASE WHEN ${offers.seriesId} IS NULL THEN NULL ELSE (
  SELECT json_build_object('id', ${offers.seriesId}, 'sessions', count(*)::int,
    'first', ${isoTime(sql`min(session.starts_at)`)}, 'last', ${isoTime(sql`max(session.starts_at)`)},
    'weekdays', (SELECT json_agg(weekday ORDER BY weekday) FROM (
      SELECT DISTINCT extract(isodow FROM day.starts_at AT TIME ZONE 'Europe/Rome')::int AS weekday FROM requests day
      WHERE day.series_id = ${offers.seriesId} AND day.status <> 'cancelled') AS weekdays))
  FROM requests session WHERE session.series_id = ${offers.seriesId} AND session.status <> 'cancelled') END`;

const offerJson = sql`json_build_object(
  'id', ${offers.id}, 'status', ${offers.status}, 'expiresAt', ${isoTime(offers.expiresAt)}, 'createdAt', ${isoTime(offers.createdAt)},
  'request', json_build_object(
    'id', ${requests.id}, 'serviceType', ${requests.serviceType}, 'languageCode', ${requests.languageCode}, 'dialect', ${requests.dialect},
    'mode', ${requests.mode}, 'municipality', ${requests.locationMunicipality}, 'districtId', ${requests.districtId},
    'startsAt', ${isoTime(requests.startsAt)}, 'durationMinutes', ${requests.durationMinutes}),
  'series', ${seriesJson})`;

/** The whole list as one JSON array text: the first `LIST_LIMIT` offers in the given order. */
const offerListJson = (orderBy: SQL) =>
  sql<string>`coalesce(to_json((array_agg(${offerJson} ORDER BY ${orderBy}))[1:${sql.raw(String(LIST_LIMIT))}])::text, '[]')`;

export function createOfferListQueries(db: Database) {
  // The most read list: built once and planned once per connection. The status is a literal, not a
  // parameter: as a parameter PostgreSQL could not know the generic plan reads only pending offers,
  // judged it dearer and planned the query again at every execution.
  const pendingOffersOfMediator = db
    .select({ json: offerListJson(sql`${offers.expiresAt}, ${offers.id}`) })
    .from(offers)
    .innerJoin(requests, eq(requests.id, offers.requestId))
    .where(
      and(
        eq(offers.mediatorId, sql.placeholder('mediatorId')),
        sql`${offers.status} = 'pending'`,
        gt(offers.expiresAt, sql.placeholder('now')),
      ),
    )
    .prepare('pending_offers_of_mediator');

  return {
    /** Pending offers still open at `now` (even before the sweep records an expiry), soonest to expire first. */
    async pending(mediatorId: string, now: Date): Promise<string> {
      const [row] = await pendingOffersOfMediator.execute({ mediatorId, now: now.toISOString() });
      return row?.json ?? '[]';
    },

    /** Every offer of the mediator, or those in one status, newest first. */
    async all(mediatorId: string, status?: OfferStatus): Promise<string> {
      const [row] = await db
        .select({ json: offerListJson(sql`${offers.createdAt} DESC, ${offers.id}`) })
        .from(offers)
        .innerJoin(requests, eq(requests.id, offers.requestId))
        .where(and(eq(offers.mediatorId, mediatorId), status ? eq(offers.status, status) : undefined));
      return row?.json ?? '[]';
    },
  };
}
