import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { rowsOf, type Database } from '../../src/db/client.js';
import { http, listen } from '../helpers/http.js';
import { createMediator, createOrganization, createSignedInUser } from '../helpers/factories.js';
import { postRequest, requestBody } from '../helpers/requests.js';
import { createTestApp, type TestContext } from '../helpers/test-app.js';

/*
 * Matching reads mediators' profiles and availability from a roster each instance keeps in memory.
 * Whoever changes the roster (this instance, another one, or SQL outside the API), the next ranking
 * on every instance must see it.
 */

const NOW = new Date('2027-03-09T08:00:00Z');

let context: TestContext;
let db: Database;
let other: FastifyInstance;
let coordinator: { headers: Record<string, string> };

beforeAll(async () => {
  context = await createTestApp({ now: NOW });
  db = context.database.db;
  other = await buildApp({ config: context.config, clock: context.clock, database: context.database, logger: false });
  await listen(other);
  coordinator = await createSignedInUser(context.app, db, { role: 'coordinator' });
});
afterAll(async () => {
  await other.close();
  await context.close();
});

async function candidateStatus(app: FastifyInstance, requestId: string, mediatorId: string) {
  const response = await http(app, 'GET', `/api/requests/${requestId}/candidates`, { headers: coordinator.headers });
  expect(response.statusCode).toBe(200);
  const { eligible, excluded } = response.body as {
    eligible: { mediatorId: string }[];
    excluded: { mediatorId: string; reasons: string[] }[];
  };
  if (eligible.some((candidate) => candidate.mediatorId === mediatorId)) return 'eligible';
  return excluded.find((candidate) => candidate.mediatorId === mediatorId)?.reasons ?? 'absent';
}

describe('the in-memory roster', () => {
  it('follows every change to the roster, on both instances', async () => {
    const school = await createOrganization(db);
    const mediator = await createMediator(db, { languages: ['ps'] });
    const created = await postRequest(
      context.app,
      coordinator.headers,
      requestBody(NOW, { languageCode: 'ps', organizationId: school.id, hoursAhead: 30 }),
    );
    expect(created.statusCode).toBe(201);
    const requestId = (created.body as { id: string }).id;
    expect(await candidateStatus(context.app, requestId, mediator.id)).toBe('eligible');
    expect(await candidateStatus(other, requestId, mediator.id)).toBe('eligible');

    // Through the API of one instance: the other sees it at once.
    const emptied = await http(context.app, 'PUT', `/api/mediators/${mediator.id}/availability`, {
      headers: coordinator.headers,
      body: { weekly: [], timeOff: [] },
    });
    expect(emptied.statusCode).toBe(200);
    expect(await candidateStatus(other, requestId, mediator.id)).toEqual(['outside_availability']);
    expect(await candidateStatus(context.app, requestId, mediator.id)).toEqual(['outside_availability']);

    // Outside the API, in SQL: both instances see it too.
    await db.execute(
      sql`INSERT INTO mediator_weekly_slots (mediator_id, weekday, start_minute, end_minute) SELECT ${mediator.id}, d, 0, 1440 FROM generate_series(1, 7) d`,
    );
    await db.execute(sql`UPDATE mediators SET active = false WHERE id = ${mediator.id}`);
    expect(await candidateStatus(context.app, requestId, mediator.id)).toEqual(['inactive']);
    expect(await candidateStatus(other, requestId, mediator.id)).toEqual(['inactive']);

    // A change rolled back never reaches the roster.
    await db
      .transaction(async (transaction) => {
        await transaction.execute(sql`UPDATE mediators SET active = true WHERE id = ${mediator.id}`);
        throw new Error('roll back');
      })
      .catch(() => undefined);
    expect(await candidateStatus(context.app, requestId, mediator.id)).toEqual(['inactive']);

    // A new speaker of the language appears.
    const newcomer = await createMediator(db, { languages: ['ps'] });
    expect(await candidateStatus(other, requestId, newcomer.id)).toBe('eligible');
  });

  it('sends a wave to a mediator added after the roster was loaded', async () => {
    const school = await createOrganization(db);
    const warmUp = await postRequest(
      context.app,
      coordinator.headers,
      requestBody(NOW, { languageCode: 'ku', organizationId: school.id, hoursAhead: 50 }),
    );
    expect((warmUp.body as { status: string }).status).toBe('unfilled');

    const mediator = await createMediator(db, { languages: ['ku'] });
    const created = await postRequest(
      context.app,
      coordinator.headers,
      requestBody(NOW, { languageCode: 'ku', organizationId: school.id, hoursAhead: 50 }),
    );
    expect((created.body as { status: string }).status).toBe('searching');
    const offered = await db.execute(
      sql`SELECT mediator_id FROM offers WHERE request_id = ${(created.body as { id: string }).id}`,
    );
    expect(rowsOf(offered)).toEqual([{ mediator_id: mediator.id }]);
  });

  it('offers urgent in-person work only to mediators serving the district, remote work to every speaker', async () => {
    const school = await createOrganization(db, { districtId: 'vimercate' });
    const local = await createMediator(db, { languages: ['bn'], districtIds: ['vimercate'] });
    const elsewhere = await createMediator(db, { languages: ['bn'], districtIds: ['seregno'] });
    const offeredFor = async (mode: 'in_person' | 'phone') => {
      const created = await postRequest(
        context.app,
        coordinator.headers,
        requestBody(NOW, { languageCode: 'bn', mode, organizationId: school.id, hoursAhead: 5 }),
      );
      expect(created.statusCode).toBe(201);
      const rows = await db.execute(
        sql`SELECT mediator_id FROM offers WHERE request_id = ${(created.body as { id: string }).id} ORDER BY mediator_id`,
      );
      return rowsOf<{ mediator_id: string }>(rows).map((row) => row.mediator_id);
    };
    expect(await offeredFor('in_person')).toEqual([local.id]);
    expect(await offeredFor('phone')).toEqual([local.id, elsewhere.id].sort());
  });
});
