import { and, eq, gte, lt, lte, sql, type SQL } from 'drizzle-orm';
import { requestStatuses, type RequestStatus } from '@ponte/shared';
import type { Database } from '../../db/client.js';
import { isoTime } from '../../db/iso-time.js';
import { fundingLines, mediators, organizations, requests } from '../../db/schema/index.js';

export interface RequestFilter {
  organizationId?: string;
  statuses?: RequestStatus[];
  from?: Date;
  to?: Date;
  languageCode?: string;
  /** true: completed and not yet confirmed or disputed; false: anything else. */
  awaitingConfirmation?: boolean;
}

export interface Page {
  limit: number;
  offset: number;
}

/** The page of `GET /api/requests` for a requester without an organization: nothing to show. */
export const EMPTY_REQUEST_PAGE = '{"items":[],"total":0}';

const awaitingConfirmation = sql`(${requests.status} = 'completed' AND ${requests.confirmedAt} IS NULL)`;

/**
 * One request as the list shows it: the shared `RequestSummary`, key for key what `toRequestSummary`
 * (request-mapper.ts) makes of the same row for the request detail.
 */
const summaryJson = sql`json_build_object(
  'id', ${requests.id}, 'organizationId', ${requests.organizationId}, 'organizationName', ${organizations.name},
  'serviceType', ${requests.serviceType}, 'languageCode', ${requests.languageCode}, 'dialect', ${requests.dialect},
  'mode', ${requests.mode}, 'originalMode', ${requests.originalMode}, 'remoteFallback', ${requests.remoteFallback},
  'startsAt', ${isoTime(requests.startsAt)}, 'durationMinutes', ${requests.durationMinutes},
  'districtId', ${requests.districtId}, 'municipality', ${requests.locationMunicipality},
  'status', ${requests.status}, 'lateCancellation', ${requests.lateCancellation},
  'awaitingConfirmation', ${awaitingConfirmation},
  'assignedMediator', CASE WHEN ${mediators.fullName} <> '' THEN json_build_object(
    'id', ${mediators.id}, 'fullName', ${mediators.fullName}, 'phone', ${mediators.phone}) END,
  'caseRef', ${requests.caseRef}, 'fundingLineId', ${requests.fundingLineId}, 'fundingLineName', ${fundingLines.name},
  'overBudget', ${requests.overBudget}, 'seriesId', ${requests.seriesId}, 'createdAt', ${isoTime(requests.createdAt)})`;

/**
 * The filter's conditions, each named, over the placeholders `execute` fills in: the names make the
 * prepared statement's, one per combination. The statuses are literals, not a parameter: how many
 * requests a status holds ranges from nearly all (completed) to a handful (unfilled), and a plan made
 * for a parameter would read the wrong index for one or the other.
 */
function conditionsOf(filter: RequestFilter): { name: string; condition: SQL }[] {
  const conditions: { name: string; condition: SQL }[] = [];
  if (filter.organizationId !== undefined)
    conditions.push({
      name: 'organization',
      condition: eq(requests.organizationId, sql.placeholder('organizationId')),
    });
  if (filter.statuses !== undefined) {
    // Taken from the closed list itself, never from the caller, so they can stand in the SQL text;
    // named by the bits of their places in that list (`status5`: the first and the third).
    const listed = requestStatuses.filter((status) => filter.statuses?.includes(status));
    const bits = listed.reduce((sum, status) => sum + 2 ** requestStatuses.indexOf(status), 0);
    const literals = sql.raw(listed.map((status) => `'${status}'`).join(', '));
    conditions.push({ name: `status${bits}`, condition: sql`${requests.status} IN (${literals})` });
  }
  if (filter.from !== undefined)
    conditions.push({ name: 'from', condition: gte(requests.startsAt, sql.placeholder('from')) });
  if (filter.to !== undefined)
    conditions.push({ name: 'to', condition: lte(requests.startsAt, sql.placeholder('to')) });
  if (filter.languageCode !== undefined)
    conditions.push({ name: 'language', condition: eq(requests.languageCode, sql.placeholder('languageCode')) });
  if (filter.awaitingConfirmation === true) conditions.push({ name: 'awaiting', condition: awaitingConfirmation });
  if (filter.awaitingConfirmation === false)
    conditions.push({ name: 'notAwaiting', condition: sql`NOT ${awaitingConfirmation}` });
  return conditions;
}

/**
 * The ids of the page and their place in it: the coming requests first, soonest first (what needs doing
 * next), then the past ones, latest first. Two reads in the order of an index (`starts_at` after the
 * organization or the language) instead of one sort of every match: the first `offset + limit` coming
 * ones and the first `offset + limit` past ones hold the page.
 */
function pageOf(where: SQL | undefined): SQL {
  const reach = sql`${sql.placeholder('offset')}::int + ${sql.placeholder('limit')}::int`;
  const now = sql.placeholder('now');
  return sql`(
    (SELECT 0 AS part, row_number() OVER (ORDER BY ${requests.startsAt}, ${requests.id}) AS position, ${requests.id}
      FROM ${requests} WHERE ${and(where, gte(requests.startsAt, now))}
      ORDER BY ${requests.startsAt}, ${requests.id} LIMIT ${reach})
    UNION ALL
    (SELECT 1, row_number() OVER (ORDER BY ${requests.startsAt} DESC, ${requests.id} DESC), ${requests.id}
      FROM ${requests} WHERE ${and(where, lt(requests.startsAt, now))}
      ORDER BY ${requests.startsAt} DESC, ${requests.id} DESC LIMIT ${reach})
    ORDER BY part, position OFFSET ${sql.placeholder('offset')} LIMIT ${sql.placeholder('limit')}
  ) AS page`;
}

function prepareList(db: Database, where: SQL | undefined, name: string) {
  const total = sql`(SELECT count(*)::int FROM ${requests}${where ? sql` WHERE ${where}` : sql``})`;
  return db
    .select({
      json: sql<string>`json_build_object(
        'items', coalesce(json_agg(${summaryJson} ORDER BY page.part, page.position), '[]'),
        'total', ${total})::text`,
    })
    .from(pageOf(where))
    .innerJoin(requests, sql`${requests.id} = page.id`)
    .innerJoin(organizations, eq(organizations.id, requests.organizationId))
    .leftJoin(mediators, eq(mediators.id, requests.assignedMediatorId))
    .leftJoin(fundingLines, eq(fundingLines.id, requests.fundingLineId))
    .prepare(name);
}

/**
 * `GET /api/requests` as one JSON text (`{items: RequestSummary[], total}`) built by PostgreSQL in one
 * statement: the page's two ordered reads, its rows and the count of every match. The list is what
 * requesters' home pages and the coordinators' desk read most: JSON made by the query spares mapping and
 * serializing the rows again, and with a statement prepared per combination of filters, each connection
 * keeps its plan (the generic one, once PostgreSQL finds it no dearer) instead of planning every call.
 */
export function createRequestListQueries(db: Database) {
  const prepared = new Map<string, ReturnType<typeof prepareList>>();
  const statementFor = (filter: RequestFilter) => {
    const conditions = conditionsOf(filter);
    // `requests_organization`, `requests_status2_from_to`…: at most 60 characters (PostgreSQL keeps 63).
    const name = ['requests', ...conditions.map((condition) => condition.name)].join('_');
    let statement = prepared.get(name);
    if (!statement) {
      statement = prepareList(db, and(...conditions.map((condition) => condition.condition)), name);
      prepared.set(name, statement);
    }
    return statement;
  };

  return {
    async page(filter: RequestFilter, page: Page, now: Date): Promise<string> {
      const [row] = await statementFor(filter).execute({
        organizationId: filter.organizationId,
        from: filter.from?.toISOString(),
        to: filter.to?.toISOString(),
        languageCode: filter.languageCode,
        now: now.toISOString(),
        offset: page.offset,
        limit: page.limit,
      });
      // An aggregate without GROUP BY: always one row, even for an empty page.
      return row!.json;
    },
  };
}
