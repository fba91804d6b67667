import { and, eq, gte, lt, lte, sql, type SQL } from 'drizzle-orm';
import type { RequestStatus } from '@ponte/shared';
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

/** The condition of each filter, over the placeholder `execute` fills in; awaiting confirmation has two. */
const conditions = {
  organization: eq(requests.organizationId, sql.placeholder('organizationId')),
  status: sql`${requests.status} = ANY(${sql.placeholder('statuses')})`,
  from: gte(requests.startsAt, sql.placeholder('from')),
  to: lte(requests.startsAt, sql.placeholder('to')),
  language: eq(requests.languageCode, sql.placeholder('languageCode')),
  awaiting: awaitingConfirmation,
  notAwaiting: sql`NOT ${awaitingConfirmation}`,
} satisfies Record<string, SQL>;
type Condition = keyof typeof conditions;

/** The conditions a filter uses, in one order: each combination is one prepared statement. */
function conditionsUsedBy(filter: RequestFilter): Condition[] {
  const used = {
    organization: filter.organizationId !== undefined,
    status: filter.statuses !== undefined,
    from: filter.from !== undefined,
    to: filter.to !== undefined,
    language: filter.languageCode !== undefined,
    awaiting: filter.awaitingConfirmation === true,
    notAwaiting: filter.awaitingConfirmation === false,
  };
  return (Object.keys(used) as Condition[]).filter((key) => used[key]);
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

function prepareList(db: Database, used: Condition[], name: string) {
  const where = used.length > 0 ? and(...used.map((condition) => conditions[condition])) : undefined;
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
 * serializing the rows again, and a statement prepared per combination of filters is planned once per
 * connection.
 */
export function createRequestListQueries(db: Database) {
  const prepared = new Map<string, ReturnType<typeof prepareList>>();
  const statementFor = (used: Condition[]) => {
    // `request_list_organization`, `request_list_language_from_to`…: at most 61 characters.
    const name = ['request_list', ...used].join('_');
    const statement = prepared.get(name) ?? prepareList(db, used, name);
    prepared.set(name, statement);
    return statement;
  };

  return {
    async page(filter: RequestFilter, page: Page, now: Date): Promise<string> {
      const [row] = await statementFor(conditionsUsedBy(filter)).execute({
        organizationId: filter.organizationId,
        statuses: filter.statuses,
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
