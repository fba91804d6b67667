import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FundingLine, FundingReport, OrganizationBudget, RequestDetail } from '@ponte/shared';
import type { Database } from '../../src/db/client.js';
import { requests } from '../../src/db/schema/index.js';
import { http } from '../helpers/http.js';
import { createMediator, createOrganization, createSignedInUser } from '../helpers/factories.js';
import { postRequest, requestBody } from '../helpers/requests.js';
import { createTestApp, type TestContext } from '../helpers/test-app.js';

// A Tuesday morning in the school year 2026-27.
const NOW = new Date('2026-11-10T08:00:00Z');
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

let context: TestContext;
let db: Database;
let coordinator: Record<string, string>;

beforeAll(async () => {
  context = await createTestApp({ now: NOW });
  db = context.database.db;
  coordinator = (await createSignedInUser(context.app, db, { role: 'coordinator' })).headers;
  // Arabic mediators in every district, so a request that searches keeps searching (an unfilled one uses no hours).
  for (const districtId of ['vimercate', 'trezzo']) {
    await createMediator(db, { languages: ['ar'], districtIds: [districtId], homeDistrictId: districtId });
  }
});
afterAll(async () => context.close());

async function createLine(body: Record<string, unknown>): Promise<FundingLine> {
  const response = await http(context.app, 'POST', '/api/funding-lines', {
    headers: coordinator,
    body: {
      name: 'Linea',
      funder: 'Regione Lombardia',
      from: '2026-09-01',
      to: '2027-06-30',
      overBudget: 'warn',
      ...body,
    },
  });
  expect(response.statusCode, response.text).toBe(201);
  return response.body as FundingLine;
}

/** A school with its own teacher signed in, so each test's lines can be scoped to it alone. */
async function schoolWithTeacher(districtId = 'vimercate') {
  const municipality = districtId === 'trezzo' ? "Trezzo sull'Adda" : 'Vimercate';
  const school = await createOrganization(db, { districtId, municipality });
  const teacher = (await createSignedInUser(context.app, db, { role: 'requester', organizationId: school.id })).headers;
  return { school, teacher };
}

const create = async (headers: Record<string, string>, overrides: Parameters<typeof requestBody>[1] = {}) => {
  const response = await postRequest(context.app, headers, requestBody(NOW, { hoursAhead: 48, ...overrides }));
  expect(response.statusCode, response.text).toBe(201);
  return response.body as RequestDetail;
};

const getRequest = async (id: string, headers: Record<string, string>) => {
  const response = await http(context.app, 'GET', `/api/requests/${id}`, { headers });
  expect(response.statusCode, response.text).toBe(200);
  return response.body as RequestDetail;
};

describe('funding lines', () => {
  it('are created, listed and changed by coordinators, with lists empty meaning all', async () => {
    const line = await createLine({ name: 'FAMI scuole', code: 'PROG-1', budgetMinutes: 600 });
    expect(line).toMatchObject({
      name: 'FAMI scuole',
      code: 'PROG-1',
      budgetMinutes: 600,
      bookedMinutes: 0,
      deliveredMinutes: 0,
      remainingMinutes: 600,
      organizationIds: [],
      districtIds: [],
      serviceTypes: [],
      overBudget: 'warn',
    });
    const listed = await http(context.app, 'GET', '/api/funding-lines', { headers: coordinator });
    expect((listed.body as { items: FundingLine[] }).items.map((item) => item.id)).toContain(line.id);
    const patched = await http(context.app, 'PATCH', `/api/funding-lines/${line.id}`, {
      headers: coordinator,
      body: { budgetMinutes: 1200, overBudget: 'approve', to: '2026-09-30' },
    });
    expect(patched.statusCode, patched.text).toBe(200);
    expect(patched.body).toMatchObject({ budgetMinutes: 1200, overBudget: 'approve', to: '2026-09-30' });
  });

  it('refuse bad input naming the field', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ to: '2026-08-31' }, 'to'],
      [{ budgetMinutes: -1 }, 'budgetMinutes'],
      [{ overBudget: 'maybe' }, 'overBudget'],
      [{ districtIds: ['atlantide'] }, 'districtIds.0'],
      [{ serviceTypes: ['karaoke'] }, 'serviceTypes.0'],
    ];
    for (const [body, path] of cases) {
      const response = await http(context.app, 'POST', '/api/funding-lines', {
        headers: coordinator,
        body: {
          name: 'x',
          funder: 'y',
          from: '2026-09-01',
          to: '2027-06-30',
          budgetMinutes: 60,
          overBudget: 'warn',
          ...body,
        },
      });
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect((response.body as { errors: { path: string }[] }).errors.map((error) => error.path)).toContain(path);
    }
    const { school } = await schoolWithTeacher();
    const line = await createLine({ organizationIds: [school.id], budgetMinutes: 60 });
    const inverted = await http(context.app, 'PATCH', `/api/funding-lines/${line.id}`, {
      headers: coordinator,
      body: { from: '2027-07-01' },
    });
    expect(inverted.statusCode).toBe(400);
  });

  it('are the coordinators’ only', async () => {
    const { teacher } = await schoolWithTeacher();
    expect((await http(context.app, 'GET', '/api/funding-lines', { headers: teacher })).statusCode).toBe(403);
    const posted = await http(context.app, 'POST', '/api/funding-lines', { headers: teacher, body: {} });
    expect(posted.statusCode).toBe(403);
  });
});

describe('charging a new request', () => {
  it('charges the first covering line by from, and records it on the timeline', async () => {
    const { school, teacher } = await schoolWithTeacher();
    const later = await createLine({
      name: 'Piano',
      from: '2026-10-01',
      organizationIds: [school.id],
      budgetMinutes: 600,
    });
    const earlier = await createLine({
      name: 'FAMI',
      from: '2026-09-01',
      organizationIds: [school.id],
      budgetMinutes: 600,
    });
    await createLine({
      name: 'Altra scuola',
      from: '2026-01-01',
      organizationIds: [school.id],
      serviceTypes: ['home_visit'],
      budgetMinutes: 600,
    });
    const request = await create(teacher);
    expect(request).toMatchObject({
      status: 'searching',
      fundingLineId: earlier.id,
      fundingLineName: 'FAMI',
      overBudget: false,
    });
    expect(request.timeline.find((entry) => entry.type === 'charged')?.data).toMatchObject({
      fundingLineId: earlier.id,
    });
    expect(later.id).not.toBe(earlier.id);
  });

  it('charges no line when none covers the request', async () => {
    const { teacher } = await schoolWithTeacher('trezzo');
    const request = await create(teacher, { location: { address: 'Via Dante 1', municipality: "Trezzo sull'Adda" } });
    // Every other test's line names its own schools (or ended in September).
    expect(request).toMatchObject({
      status: 'searching',
      fundingLineId: null,
      fundingLineName: null,
      overBudget: false,
    });
    expect(request.timeline.map((entry) => entry.type)).not.toContain('charged');
  });

  it('under warn: over budget is marked, and the search starts', async () => {
    const { school, teacher } = await schoolWithTeacher();
    const line = await createLine({ organizationIds: [school.id], budgetMinutes: 90 });
    expect(await create(teacher, { durationMinutes: 60 })).toMatchObject({ status: 'searching', overBudget: false });
    const over = await create(teacher, { durationMinutes: 60 });
    expect(over).toMatchObject({ status: 'searching', overBudget: true, fundingLineId: line.id });
  });

  it('under approve: over budget waits; the requester sees why; approved it is dispatched', async () => {
    const { school, teacher } = await schoolWithTeacher();
    const line = await createLine({
      name: 'FAMI Vimercate',
      organizationIds: [school.id],
      budgetMinutes: 60,
      overBudget: 'approve',
    });
    await create(teacher, { durationMinutes: 60 });
    const waiting = await create(teacher, { durationMinutes: 30 });
    expect(waiting).toMatchObject({ status: 'awaiting_approval', overBudget: true, fundingLineName: 'FAMI Vimercate' });
    expect(waiting.dispatch.wave).toBe(0);
    const seen = await getRequest(waiting.id, teacher);
    expect(seen.timeline.find((entry) => entry.type === 'awaiting_approval')?.data).toMatchObject({
      fundingLineName: 'FAMI Vimercate',
      overBudget: true,
      remainingMinutes: 0,
    });
    // Awaiting approval uses no hours until it is approved.
    const before = (await http(context.app, 'GET', `/api/funding-lines/${line.id}`, { headers: coordinator }))
      .body as FundingLine;
    expect(before).toMatchObject({ bookedMinutes: 60, remainingMinutes: 0, awaitingApproval: 1 });

    const refused = await http(context.app, 'POST', `/api/requests/${waiting.id}/approve`, {
      headers: teacher,
      body: {},
    });
    expect(refused.statusCode).toBe(403);
    const approved = await http(context.app, 'POST', `/api/requests/${waiting.id}/approve`, {
      headers: coordinator,
      body: { reason: 'Urgenza' },
    });
    expect(approved.statusCode, approved.text).toBe(200);
    expect(approved.body).toMatchObject({ status: 'searching' });
    expect((approved.body as RequestDetail).dispatch.wave).toBe(1);
    expect((approved.body as RequestDetail).timeline.map((entry) => entry.type)).toContain('approved');
    const after = (await http(context.app, 'GET', `/api/funding-lines/${line.id}`, { headers: coordinator }))
      .body as FundingLine;
    expect(after).toMatchObject({ bookedMinutes: 90, remainingMinutes: -30, awaitingApproval: 0 });
    const again = await http(context.app, 'POST', `/api/requests/${waiting.id}/approve`, {
      headers: coordinator,
      body: {},
    });
    expect(again.statusCode).toBe(409);
  });

  it('under approve: rejected it is cancelled; left alone it expires at its start', async () => {
    const { school, teacher } = await schoolWithTeacher();
    await createLine({ organizationIds: [school.id], budgetMinutes: 0, overBudget: 'approve' });
    const rejected = await create(teacher);
    const response = await http(context.app, 'POST', `/api/requests/${rejected.id}/reject`, {
      headers: coordinator,
      body: { reason: 'Budget esaurito' },
    });
    expect(response.statusCode, response.text).toBe(200);
    expect(response.body).toMatchObject({
      status: 'cancelled',
      lateCancellation: false,
      cancelReason: 'Budget esaurito',
    });

    const forgotten = await create(teacher, { hoursAhead: 2 });
    expect(forgotten.status).toBe('awaiting_approval');
    context.clock.set(new Date(NOW.getTime() + 3 * 3_600_000));
    try {
      await context.app.dispatcher.sweepDueWork();
      expect((await getRequest(forgotten.id, teacher)).status).toBe('expired');
    } finally {
      context.clock.set(NOW);
    }
  });

  it('a coordinator moves the charge to another line; the timeline records it', async () => {
    const { school, teacher } = await schoolWithTeacher();
    const first = await createLine({ name: 'Prima', organizationIds: [school.id], budgetMinutes: 600 });
    const second = await createLine({
      name: 'Seconda',
      from: '2026-10-01',
      organizationIds: [school.id],
      budgetMinutes: 30,
    });
    const request = await create(teacher, { durationMinutes: 60 });
    expect(request.fundingLineId).toBe(first.id);
    const moved = await http(context.app, 'PATCH', `/api/requests/${request.id}`, {
      headers: coordinator,
      body: { fundingLineId: second.id },
    });
    expect(moved.statusCode, moved.text).toBe(200);
    expect(moved.body).toMatchObject({ fundingLineId: second.id, fundingLineName: 'Seconda', overBudget: true });
    const entry = (moved.body as RequestDetail).timeline.find((event) => event.type === 'charge_moved');
    expect(entry?.data).toMatchObject({ fromFundingLineId: first.id, fundingLineId: second.id });
    const lines = (
      (await http(context.app, 'GET', '/api/funding-lines', { headers: coordinator })).body as { items: FundingLine[] }
    ).items;
    expect(lines.find((line) => line.id === first.id)?.bookedMinutes).toBe(0);
    expect(lines.find((line) => line.id === second.id)?.bookedMinutes).toBe(60);

    const unknown = await http(context.app, 'PATCH', `/api/requests/${request.id}`, {
      headers: coordinator,
      body: { fundingLineId: '00000000-0000-4000-8000-000000000000' },
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toMatchObject({ errors: [{ path: 'fundingLineId' }] });
    const byTeacher = await http(context.app, 'PATCH', `/api/requests/${request.id}`, {
      headers: teacher,
      body: { fundingLineId: first.id },
    });
    expect(byTeacher.statusCode).toBe(403);
  });
});

describe('a series of sessions', () => {
  it('charges each session: those beyond the budget wait for approval', async () => {
    const { school, teacher } = await schoolWithTeacher();
    const line = await createLine({ organizationIds: [school.id], budgetMinutes: 120, overBudget: 'approve' });
    const { startsAt: _startsAt, ...body } = requestBody(NOW, { durationMinutes: 60 });
    const dates = [3, 4, 5].map((days) => new Date(NOW.getTime() + days * 86_400_000).toISOString());
    const response = await http(context.app, 'POST', '/api/series', {
      headers: teacher,
      body: { ...body, sessions: { dates } },
    });
    expect(response.statusCode, response.text).toBe(201);
    const sessions = (response.body as { requests: RequestDetail[] }).requests;
    expect(sessions.map((session) => session.fundingLineId)).toEqual([line.id, line.id, line.id]);
    expect(sessions.map((session) => session.overBudget)).toEqual([false, false, true]);
    expect(sessions[2]?.status).toBe('awaiting_approval');
    expect(sessions.slice(0, 2).every((session) => session.status !== 'awaiting_approval')).toBe(true);

    // Cancelling the series cancels the session that waits for approval too.
    const seriesId = (response.body as { id: string }).id;
    const cancelled = await http(context.app, 'POST', `/api/series/${seriesId}/cancel`, {
      headers: teacher,
      body: { reason: 'Il corso non si fa' },
    });
    expect(cancelled.statusCode, cancelled.text).toBe(200);
    for (const session of sessions) expect((await getRequest(session.id, teacher)).status).toBe('cancelled');
  });
});

describe('two requests at once on an approve line', () => {
  it('never both pass when each fits alone but together they go over', async () => {
    for (let round = 0; round < 4; round += 1) {
      const { school, teacher } = await schoolWithTeacher();
      const line = await createLine({ organizationIds: [school.id], budgetMinutes: 120, overBudget: 'approve' });
      const responses = await Promise.all(
        [0, 1].map((index) =>
          postRequest(context.app, teacher, requestBody(NOW, { hoursAhead: 48 + index * 3, durationMinutes: 90 })),
        ),
      );
      const statuses = responses.map((response) => (response.body as RequestDetail).status).sort();
      expect(statuses).toEqual(['awaiting_approval', 'searching']);
      const figures = (await http(context.app, 'GET', `/api/funding-lines/${line.id}`, { headers: coordinator }))
        .body as FundingLine;
      expect(figures.bookedMinutes).toBe(90);
    }
  });
});

describe('the organization’s budget', () => {
  it('shows a requester the hours left on the lines that pay for their organization, and nobody else’s', async () => {
    const { school, teacher } = await schoolWithTeacher();
    const line = await createLine({ name: 'FAMI 2026-27', organizationIds: [school.id], budgetMinutes: 2400 });
    await createLine({
      name: 'Finita',
      from: '2025-09-01',
      to: '2026-06-30',
      organizationIds: [school.id],
      budgetMinutes: 60,
    });
    await createLine({
      name: 'Sociale',
      organizationIds: [school.id],
      serviceTypes: ['home_visit'],
      budgetMinutes: 60,
    });
    await create(teacher, { durationMinutes: 120 });
    const response = await http(context.app, 'GET', `/api/organizations/${school.id}/budget`, { headers: teacher });
    expect(response.statusCode, response.text).toBe(200);
    expect((response.body as OrganizationBudget).lines).toEqual([
      expect.objectContaining({
        fundingLineId: line.id,
        name: 'FAMI 2026-27',
        budgetMinutes: 2400,
        bookedMinutes: 120,
        deliveredMinutes: 0,
        remainingMinutes: 2280,
      }),
    ]);
    const other = await schoolWithTeacher();
    const foreign = await http(context.app, 'GET', `/api/organizations/${school.id}/budget`, {
      headers: other.teacher,
    });
    expect(foreign.statusCode).toBe(404);
  });
});

describe('the funder’s report', () => {
  /** A history written straight into the table: the figures below are counted by hand from it. */
  async function buildHistory() {
    const school = await createOrganization(db, { kind: 'school' });
    const social = await createOrganization(db, { kind: 'social_service', name: 'Tutela Minori' });
    const line = await createLine({
      name: 'FAMI Vimercate: scuole/famiglie',
      code: 'FAMI-2026',
      from: '2026-09-01',
      to: '2027-06-30',
      budgetMinutes: 1200,
      organizationIds: [school.id, social.id],
    });
    const base = {
      fundingLineId: line.id,
      languageCode: 'ar',
      mode: 'in_person' as const,
      districtId: 'vimercate',
      locationMunicipality: 'Vimercate',
      dispatchPlan: { tier: 'planned' as const },
    };
    const rows = [
      // October (Rome): confirmed 50 of 60 → delivered 50; case A.
      {
        organizationId: school.id,
        serviceType: 'school_welcome' as const,
        startsAt: new Date('2026-10-05T08:00:00Z'),
        durationMinutes: 60,
        status: 'completed' as const,
        actualMinutes: 50,
        confirmed: true,
        confirmedAt: NOW,
        caseRef: 'A',
      },
      // October: case A again (one beneficiary), late cancellation → 90 delivered.
      {
        organizationId: school.id,
        serviceType: 'school_meeting' as const,
        startsAt: new Date('2026-10-20T08:00:00Z'),
        durationMinutes: 90,
        status: 'cancelled' as const,
        lateCancellation: true,
        caseRef: 'A',
      },
      // 31 October 23:30 Rome (22:30 UTC, winter time) is October; social service, no case → one beneficiary; delivered 120.
      {
        organizationId: social.id,
        serviceType: 'home_visit' as const,
        startsAt: new Date('2026-10-31T22:30:00Z'),
        durationMinutes: 120,
        status: 'completed' as const,
        actualMinutes: 120,
        confirmed: true,
        confirmedAt: NOW,
        caseRef: null,
      },
      // November: completed, not yet confirmed → booked 60; case B.
      {
        organizationId: school.id,
        serviceType: 'school_welcome' as const,
        startsAt: new Date('2026-11-02T08:00:00Z'),
        durationMinutes: 60,
        status: 'completed' as const,
        actualMinutes: 60,
        caseRef: 'B',
      },
      // November: cancelled in time, unfilled, disputed → nothing, not counted as requests.
      {
        organizationId: school.id,
        serviceType: 'school_welcome' as const,
        startsAt: new Date('2026-11-03T08:00:00Z'),
        durationMinutes: 60,
        status: 'cancelled' as const,
        caseRef: 'C',
      },
      {
        organizationId: school.id,
        serviceType: 'school_welcome' as const,
        startsAt: new Date('2026-11-04T08:00:00Z'),
        durationMinutes: 60,
        status: 'unfilled' as const,
        caseRef: 'D',
      },
      {
        organizationId: school.id,
        serviceType: 'school_welcome' as const,
        startsAt: new Date('2026-11-05T08:00:00Z'),
        durationMinutes: 60,
        status: 'completed' as const,
        actualMinutes: 60,
        confirmed: false,
        confirmedAt: NOW,
        caseRef: 'E',
      },
      // December: assigned → booked 120, no case.
      {
        organizationId: school.id,
        serviceType: 'language_facilitation' as const,
        startsAt: new Date('2026-12-10T08:00:00Z'),
        durationMinutes: 120,
        status: 'searching' as const,
        caseRef: null,
      },
    ];
    await db.insert(requests).values(rows.map((row) => ({ ...base, ...row })));
    return { line };
  }

  let line: FundingLine;
  beforeAll(async () => {
    ({ line } = await buildHistory());
  });

  it('gives each line’s figures, requests, beneficiaries and months', async () => {
    const response = await http(context.app, 'GET', '/api/reports/funding?from=2026-09-01&to=2027-07-01', {
      headers: coordinator,
    });
    expect(response.statusCode, response.text).toBe(200);
    const row = (response.body as FundingReport).rows.find((candidate) => candidate.fundingLineId === line.id);
    expect(row).toEqual({
      fundingLineId: line.id,
      name: 'FAMI Vimercate: scuole/famiglie',
      funder: 'Regione Lombardia',
      code: 'FAMI-2026',
      budgetMinutes: 1200,
      bookedMinutes: 180,
      deliveredMinutes: 260,
      remainingMinutes: 760,
      requests: 5,
      beneficiaries: 4,
      byMonth: [{ month: '2026-10', deliveredMinutes: 260 }],
    });

    // Only November: its one booked request.
    const november = await http(context.app, 'GET', '/api/reports/funding?from=2026-11-01&to=2026-12-01', {
      headers: coordinator,
    });
    const novemberRow = (november.body as FundingReport).rows.find((candidate) => candidate.fundingLineId === line.id);
    expect(novemberRow).toMatchObject({
      bookedMinutes: 60,
      deliveredMinutes: 0,
      requests: 1,
      beneficiaries: 1,
      byMonth: [],
    });

    const csv = await http(context.app, 'GET', '/api/reports/funding?from=2026-09-01&to=2027-07-01', {
      headers: { ...coordinator, accept: 'text/csv' },
    });
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.text.startsWith('\uFEFFLinea di finanziamento;Finanziatore;Codice;')).toBe(true);
    expect(csv.text).toContain(
      'FAMI Vimercate: scuole/famiglie;Regione Lombardia;FAMI-2026;Totale;20;3;4,33;12,67;5;4\r\n',
    );
    expect(csv.text).toContain('FAMI Vimercate: scuole/famiglie;Regione Lombardia;FAMI-2026;2026-10;;;4,33;;;\r\n');
  });

  it('as XLSX: a summary sheet and a sheet per line with months and requests, no case references', async () => {
    const response = await http(context.app, 'GET', '/api/reports/funding?from=2026-09-01&to=2027-07-01', {
      headers: { ...coordinator, accept: XLSX },
    })
      .buffer(true)
      .parse((res, callback) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => callback(null, Buffer.concat(chunks)));
      });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe(XLSX);
    expect(response.headers['content-disposition']).toContain('.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Uint8Array.from(response.body as Buffer).buffer);
    const summary = workbook.getWorksheet('Riepilogo');
    expect(summary?.getRow(1).values).toEqual([
      undefined,
      'Linea di finanziamento',
      'Finanziatore',
      'Codice',
      'Ore di budget',
      'Ore prenotate',
      'Ore erogate',
      'Ore rimanenti',
      'Richieste',
      'Beneficiari',
    ]);
    const summaryRows = summary?.getSheetValues().filter(Boolean) ?? [];
    const lineRow = summaryRows.find(
      (values) => Array.isArray(values) && values[1] === 'FAMI Vimercate: scuole/famiglie',
    ) as unknown[];
    expect(lineRow.slice(1)).toEqual([
      'FAMI Vimercate: scuole/famiglie',
      'Regione Lombardia',
      'FAMI-2026',
      20,
      3,
      4.33,
      12.67,
      5,
      4,
    ]);

    const sheet = workbook.worksheets.find((candidate) => candidate.name === 'FAMI Vimercate scuole famiglie');
    expect(sheet).toBeDefined();
    const values = (sheet?.getSheetValues() ?? []).filter(Boolean).map((row) => (row as unknown[]).slice(1));
    expect(values).toContainEqual(['Mese (AAAA-MM)', 'Minuti erogati', 'Ore erogate']);
    expect(values).toContainEqual(['2026-10', 260, 4.33]);
    expect(values).toContainEqual(['Data', 'Tipo di ente', 'Servizio', 'Lingua', 'Minuti erogati']);
    expect(values).toContainEqual(['2026-10-05', 'Scuola', expect.any(String), 'Arabo', 50]);
    expect(values).toContainEqual(['2026-10-31', 'Servizio sociale', expect.any(String), 'Arabo', 120]);
    expect(values).toContainEqual(['2026-12-10', 'Scuola', expect.any(String), 'Arabo', 0]);
    const texts = values.flat().map(String);
    for (const caseRef of ['A', 'B']) expect(texts).not.toContain(caseRef);
  });
});
