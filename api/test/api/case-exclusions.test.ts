import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { offers } from '../../src/db/schema/index.js';
import { createOrganization, createSignedInUser } from '../helpers/factories.js';
import { createSignedInMediators, http, listen, type Headers } from '../helpers/http.js';
import { pendingOffers, requestBody } from '../helpers/requests.js';
import { createTestApp, type TestContext } from '../helpers/test-app.js';
import { plainWavesEnvironment } from '../helpers/policies.js';

const MINUTE = 60_000;
// A Tuesday, 09:00 in Rome.
const START = new Date('2027-03-09T08:00:00Z');
/** One mediator a wave, two minutes an offer: each wave is seen alone. */
const ENVIRONMENT = plainWavesEnvironment({ urgent: { waveSize: 1, offerTtlSeconds: 120 } });

let context: TestContext;
let db: Database;
let baseUrl: string;
let organizationId: string;
let requester: Headers;
let coordinator: Headers;

beforeAll(async () => {
  context = await createTestApp({ now: START, environment: ENVIRONMENT });
  db = context.database.db;
  baseUrl = await listen(context.app);
  const service = await createOrganization(db, {
    kind: 'social_service',
    districtId: 'vimercate',
    municipality: 'Vimercate',
  });
  organizationId = service.id;
  requester = (await createSignedInUser(context.app, db, { role: 'requester', organizationId })).headers;
  coordinator = (await createSignedInUser(context.app, db, { role: 'coordinator' })).headers;
});
afterAll(async () => context.close());

const post = (path: string, headers: Headers, body: object = {}) => http(baseUrl, 'POST', path, { headers, body });
const get = (path: string, headers: Headers) => http(baseUrl, 'GET', path, { headers });
const remove = (path: string, headers: Headers) => http(baseUrl, 'DELETE', path, { headers });

const interview = (languageCode: string, caseRef: string, hoursAhead = 3) =>
  requestBody(START, { serviceType: 'social_interview', languageCode, caseRef, hoursAhead });

async function createRequest(body: object) {
  const created = await post('/api/requests', requester, body);
  expect(created.status, created.text).toBe(201);
  return created.body as { id: string; status: string };
}

async function offeredMediatorIds(requestId: string) {
  const rows = await db.select().from(offers).where(eq(offers.requestId, requestId));
  return rows.map((row) => row.mediatorId);
}

describe('/api/case-exclusions', () => {
  it('records, lists, refuses a duplicate and removes an exclusion; coordinators only', async () => {
    const [mediator] = await createSignedInMediators(context.app, db, 1, { languages: ['ur'] });
    const body = { mediatorId: mediator!.mediator.id, organizationId, caseRef: 'TM-001', reason: 'è la zia' };
    const created = await post('/api/case-exclusions', coordinator, body);
    expect(created.status, created.text).toBe(201);
    expect(created.body).toMatchObject({
      mediatorId: mediator!.mediator.id,
      mediatorName: mediator!.mediator.fullName,
      organizationId,
      caseRef: 'TM-001',
      reason: 'è la zia',
      createdBy: { role: 'coordinator' },
    });
    expect((await post('/api/case-exclusions', coordinator, body)).status).toBe(409);

    const listed = await get(`/api/case-exclusions?mediatorId=${mediator!.mediator.id}`, coordinator);
    expect(listed.status, listed.text).toBe(200);
    expect(listed.body).toMatchObject({ total: 1, items: [{ id: created.body.id, caseRef: 'TM-001' }] });
    expect((await get(`/api/case-exclusions?caseRef=TM-404`, coordinator)).body).toMatchObject({ total: 0 });

    for (const headers of [requester, mediator!.headers]) {
      expect((await get('/api/case-exclusions', headers)).status).toBe(403);
      expect((await post('/api/case-exclusions', headers, body)).status).toBe(403);
      expect((await remove(`/api/case-exclusions/${created.body.id}`, headers)).status).toBe(403);
    }

    expect((await remove(`/api/case-exclusions/${created.body.id}`, coordinator)).status).toBe(204);
    expect((await remove(`/api/case-exclusions/${created.body.id}`, coordinator)).status).toBe(404);
    expect((await get(`/api/case-exclusions?mediatorId=${mediator!.mediator.id}`, coordinator)).body.total).toBe(0);
  });

  it('names the bad field', async () => {
    const missing = await post('/api/case-exclusions', coordinator, { mediatorId: 'x', organizationId });
    expect(missing.status).toBe(400);
    expect(missing.body.errors.map((error: { path: string }) => error.path).sort()).toEqual(['caseRef', 'mediatorId']);
    const unknown = await post('/api/case-exclusions', coordinator, {
      mediatorId: '00000000-0000-4000-8000-000000000000',
      organizationId,
      caseRef: 'TM-1',
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors.map((error: { path: string }) => error.path)).toEqual(['mediatorId']);
  });
});

describe('an excluded mediator', () => {
  it('is never offered the case, in any wave, and the candidates panel says why', async () => {
    context.clock.set(START);
    const [excluded, other] = await createSignedInMediators(context.app, db, 2, { languages: ['pa'] });
    const exclusion = await post('/api/case-exclusions', coordinator, {
      mediatorId: excluded!.mediator.id,
      organizationId,
      caseRef: 'TM-002',
    });
    expect(exclusion.status, exclusion.text).toBe(201);

    const request = await createRequest(interview('pa', 'TM-002'));
    expect(await offeredMediatorIds(request.id)).toEqual([other!.mediator.id]);
    // The other's offer expires: the next wave would be the excluded mediator, so there is none.
    context.clock.set(new Date(START.getTime() + 3 * MINUTE));
    await context.app.dispatcher.sweepDueWork();
    expect(await offeredMediatorIds(request.id)).toEqual([other!.mediator.id]);
    expect((await get(`/api/requests/${request.id}`, coordinator)).body.status).toBe('unfilled');

    const candidates = await get(`/api/requests/${request.id}/candidates`, coordinator);
    expect(candidates.status, candidates.text).toBe(200);
    expect(candidates.body.excluded).toContainEqual(
      expect.objectContaining({ mediatorId: excluded!.mediator.id, reasons: ['case_excluded'] }),
    );

    // Another case of the same organization is not excluded: a wave of three (30 h ahead) reaches both.
    context.clock.set(START);
    const otherCase = await createRequest(interview('pa', 'TM-003', 30));
    expect((await offeredMediatorIds(otherCase.id)).sort()).toEqual([excluded!.mediator.id, other!.mediator.id].sort());
  });

  it('is refused by a manual assignment, 409 CASE_EXCLUDED, even when matching was overridden anyway', async () => {
    context.clock.set(START);
    const [excluded] = await createSignedInMediators(context.app, db, 1, { languages: ['bn'] });
    await post('/api/case-exclusions', coordinator, {
      mediatorId: excluded!.mediator.id,
      organizationId,
      caseRef: 'TM-004',
    });
    const request = await createRequest(interview('bn', 'TM-004'));
    expect(request.status).toBe('unfilled');
    const refused = await post(`/api/requests/${request.id}/assign`, coordinator, {
      mediatorId: excluded!.mediator.id,
    });
    expect(refused.status, refused.text).toBe(409);
    expect(refused.body.code).toBe('CASE_EXCLUDED');
    expect((await get(`/api/requests/${request.id}`, coordinator)).body).toMatchObject({
      status: 'unfilled',
      assignedMediator: null,
    });

    // The same mediator on another case is assigned as usual.
    const otherCase = await createRequest(interview('bn', 'TM-005', 6));
    const assigned = await post(`/api/requests/${otherCase.id}/assign`, coordinator, {
      mediatorId: excluded!.mediator.id,
    });
    expect(assigned.status, assigned.text).toBe(200);
  });
});

describe('POST /api/requests/:id/withdraw with conflictOfInterest', () => {
  it('records the exclusion, re-dispatches at once without the mediator, and keeps them off the case from then on', async () => {
    context.clock.set(START);
    const [first, second] = await createSignedInMediators(context.app, db, 2, { languages: ['hi'] });
    const request = await createRequest(interview('hi', 'TM-006'));
    const holder = (await pendingOffers(context.app, first!.headers)).length > 0 ? first! : second!;
    const otherOne = holder === first ? second! : first!;
    const [offer] = await pendingOffers(context.app, holder.headers);
    expect((await post(`/api/offers/${offer!.id}/accept`, holder.headers)).status).toBe(200);

    const withdrawn = await post(`/api/requests/${request.id}/withdraw`, holder.headers, {
      reason: 'Conosco la famiglia',
      conflictOfInterest: true,
    });
    expect(withdrawn.status, withdrawn.text).toBe(200);
    expect(withdrawn.body).toMatchObject({ id: request.id, status: 'searching', caseExclusionId: expect.any(String) });

    const listed = await get(`/api/case-exclusions?mediatorId=${holder.mediator.id}`, coordinator);
    expect(listed.body.items).toEqual([
      expect.objectContaining({
        id: withdrawn.body.caseExclusionId,
        organizationId,
        caseRef: 'TM-006',
        reason: 'Conosco la famiglia',
        createdBy: expect.objectContaining({ userId: holder.user.id, role: 'mediator' }),
      }),
    ]);
    // Re-dispatched in the same call: the other mediator holds an offer now.
    expect((await pendingOffers(context.app, otherOne.headers)).map((pending) => pending.request.id)).toEqual([
      request.id,
    ]);
    const timeline = (await get(`/api/requests/${request.id}`, coordinator)).body.timeline as {
      type: string;
      data: Record<string, unknown>;
    }[];
    expect(timeline.find((entry) => entry.type === 'withdrawn')?.data).toMatchObject({ conflictOfInterest: true });

    // A later request of the same case never reaches them.
    const later = await createRequest(interview('hi', 'TM-006', 30));
    expect(await offeredMediatorIds(later.id)).toEqual([otherOne.mediator.id]);
    expect(
      (await post(`/api/requests/${later.id}/assign`, coordinator, { mediatorId: holder.mediator.id })).body.code,
    ).toBe('CASE_EXCLUDED');
  });

  it('without a case reference, withdraws as usual and records nothing', async () => {
    context.clock.set(START);
    const [mediator] = await createSignedInMediators(context.app, db, 1, { languages: ['es'] });
    const created = await post(
      '/api/requests',
      requester,
      requestBody(START, { serviceType: 'social_interview', languageCode: 'es', hoursAhead: 2 }),
    );
    const [offer] = await pendingOffers(context.app, mediator!.headers);
    expect((await post(`/api/offers/${offer!.id}/accept`, mediator!.headers)).status).toBe(200);
    const withdrawn = await post(`/api/requests/${created.body.id}/withdraw`, mediator!.headers, {
      reason: 'Conosco la famiglia',
      conflictOfInterest: true,
    });
    expect(withdrawn.status, withdrawn.text).toBe(200);
    expect(withdrawn.body).toMatchObject({ caseExclusionId: null });
    expect((await get(`/api/case-exclusions?mediatorId=${mediator!.mediator.id}`, coordinator)).body.total).toBe(0);
  });
});
