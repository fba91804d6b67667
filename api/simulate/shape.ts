import pg from 'pg';
import type { Mode, OrganizationKind } from '@ponte/shared';
import { demoShape, type DemandShape, type LeadClass } from './demand.js';

/**
 * The shape of a provider's own demand: the last `months` months of requests in their database, as
 * counts per language, district, kind of organization, mode, length and lead class, and requests per
 * school day. Only those aggregates are read (GROUP BY in PostgreSQL): no request, person, case
 * reference or note leaves the database.
 */
export async function shapeFromDatabase(databaseUrl: string, months: number): Promise<DemandShape> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const since = `now() - make_interval(months => ${Math.trunc(months)})`;
    const grouped = async <T extends string | number>(column: string, join = '') => {
      const result = await client.query<{ key: T; n: string }>(
        `SELECT ${column} AS key, count(*) AS n FROM requests r ${join} WHERE r.created_at >= ${since} GROUP BY 1 ORDER BY 1`,
      );
      return result.rows.map((row) => [row.key, Number(row.n)] as [T, number]);
    };
    const languages = await grouped<string>('r.language_code');
    if (languages.length === 0) throw new Error(`no requests in the last ${months} months of DATABASE_URL`);
    const districts = await grouped<string>('r.district_id');
    const kinds = await grouped<OrganizationKind>('o.kind', 'JOIN organizations o ON o.id = r.organization_id');
    const modes = await grouped<Mode>('r.mode');
    const durations = await grouped<number>('r.duration_minutes');
    const leadTimes = await grouped<LeadClass>(
      `CASE WHEN r.starts_at - r.created_at < interval '24 hours' THEN 'under_24h'
            WHEN r.starts_at - r.created_at <= interval '72 hours' THEN 'one_to_three_days' ELSE 'planned' END`,
    );
    const volume = await client.query<{ n: string; days: string }>(
      `SELECT count(*) AS n, (SELECT count(*) FROM generate_series(${since}, now(), interval '1 day') d
         WHERE extract(isodow FROM d) <= 5) AS days FROM requests r WHERE r.created_at >= ${since}`,
    );
    const [row] = volume.rows;
    const total = Number(row?.n ?? 0);
    return {
      source: 'database',
      languages,
      // The simulated provider has the demo districts: others fall back to the demo's proportions.
      districts: districts.some(([id]) => demoShape.districts.some(([demo]) => demo === id))
        ? districts.filter(([id]) => demoShape.districts.some(([demo]) => demo === id))
        : demoShape.districts,
      kinds: kinds.length > 0 ? kinds : demoShape.kinds,
      modes,
      durations: durations.map(([minutes, n]) => [Number(minutes), n]),
      leadTimes,
      requestsPerSchoolDay: Math.max(1, total / Math.max(1, Number(row?.days ?? 1))),
    };
  } finally {
    await client.end();
  }
}
