/**
 * The floor: a bare Fastify + pg server, a child process of the benchmark beside Ponte, with the least a
 * database-backed route can do — one primary-key SELECT (`GET /floor/select`) and one INSERT of the
 * posted body (`POST /floor/insert`, into `bench_floor`, see `FLOOR_TABLE_SQL`). No plugins, no auth, no query builder. Every
 * ratio of `pnpm bench` divides by one of these two, measured in the same run on the same machine.
 *
 * Argv: the database URL and the id of the organization to select. Sends `{ port }` when listening.
 */
import Fastify from 'fastify';
import pg from 'pg';

const [databaseUrl, organizationId] = process.argv.slice(2);
if (!databaseUrl || !organizationId) throw new Error('usage: floor-server.ts <database url> <organization id>');

const pool = new pg.Pool({ connectionString: databaseUrl, max: 20 });
const app = Fastify({ logger: false });

app.get('/floor/select', async () => {
  const { rows } = await pool.query({
    name: 'floor-select',
    text: 'SELECT id, name FROM organizations WHERE id = $1',
    values: [organizationId],
  });
  return rows[0];
});

app.post('/floor/insert', async (request, reply) => {
  const { rows } = await pool.query({
    name: 'floor-insert',
    text: 'INSERT INTO bench_floor (body) VALUES ($1) RETURNING id',
    values: [JSON.stringify(request.body)],
  });
  return reply.code(201).send(rows[0]);
});

await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
process.send?.({ port: typeof address === 'object' && address ? address.port : 0 });

// The benchmark went away (finished, failed or interrupted): so does its floor.
process.on('disconnect', () => {
  void app
    .close()
    .then(() => pool.end())
    .finally(() => process.exit(0));
});
