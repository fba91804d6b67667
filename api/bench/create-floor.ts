import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { RequestCreate } from '@ponte/shared';
import type { organizations } from '../src/db/schema/index.js';
import { CREATE_FLOOR_PATH, READ_FLOOR_PATH } from './load-scenarios.js';

/**
 * The request row, its `created` audit event and its live event, written by one named prepared
 * statement: no transaction block, no query builder, no matching. Every create has to store at least
 * this, so its throughput is a ceiling on any create's, whatever dispatch costs.
 */
const FLOOR_STATEMENT = `
  WITH request AS (
    INSERT INTO requests (organization_id, created_by_user_id, service_type, language_code, mode, starts_at, duration_minutes, district_id,
      location_address, location_municipality, gender_required, dialect_required, contact_name, contact_phone, status, created_at,
      wave_number, dispatch_plan, next_check_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, false, false, $11, $12, 'searching', $13, 0, '{"tier":"soon"}', $13)
    RETURNING id, organization_id, status),
  audit AS (
    INSERT INTO request_events (request_id, at, type, actor_user_id, data) SELECT id, $13, 'created', $2, '{"tier":"soon"}' FROM request)
  INSERT INTO live_events (type, request_id, organization_id, status, data)
  SELECT 'request.updated', id, organization_id, status, '{"created":true}' FROM request
  RETURNING request_id AS id, status`;

/**
 * `POST /bench/create-floor`: the least a create can do, authenticated and validated as the real route
 * is (a requester's token, the `RequestCreate` body), for the requester's own organization.
 */
export function registerCreateFloor(app: FastifyInstance, organization: typeof organizations.$inferSelect): void {
  const pool = app.database.pool;
  if (!pool) throw new Error('the create floor needs PostgreSQL');
  app
    .withTypeProvider<ZodTypeProvider>()
    .post(
      CREATE_FLOOR_PATH,
      { onRequest: app.requireRole('requester'), schema: { body: RequestCreate } },
      async (request, reply) => {
        const input = request.body;
        const now = new Date();
        const { rows } = await pool.query<{ id: string; status: string }>({
          name: 'bench_create_floor',
          text: FLOOR_STATEMENT,
          values: [
            organization.id,
            request.user.sub,
            input.serviceType,
            input.languageCode,
            input.mode,
            new Date(input.startsAt),
            input.durationMinutes,
            organization.districtId,
            organization.address,
            organization.municipality,
            input.contactName,
            input.contactPhone,
            now,
          ],
        });
        return reply.code(201).send(rows[0]);
      },
    );
}

/**
 * `GET /bench/read-floor`: the bare floor's primary-key SELECT, but inside Ponte — through every plugin
 * and hook a real route has (helmet's headers, CORS, the JWT check, compression's negotiation) — so the
 * lists' ratios can be read against what Ponte's own stack leaves of the bare floor.
 */
export function registerReadFloor(app: FastifyInstance, organization: typeof organizations.$inferSelect): void {
  const pool = app.database.pool;
  if (!pool) throw new Error('the read floor needs PostgreSQL');
  app.get(READ_FLOOR_PATH, { onRequest: app.requireRole() }, async () => {
    const { rows } = await pool.query({
      name: 'bench_read_floor',
      text: 'SELECT id, name FROM organizations WHERE id = $1',
      values: [organization.id],
    });
    return rows[0];
  });
}
