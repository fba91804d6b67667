import type { AddressInfo } from 'node:net';
import { setTimeout } from 'node:timers/promises';
import { and, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { buildApp } from '../src/app.js';
import type { Database } from '../src/db/client.js';
import { offers, organizations, requests, users } from '../src/db/schema/index.js';
import { benchConfig } from './bench-config.js';
import type { Cleanup } from './cleanup.js';
import { registerCreateFloor, registerReadFloor } from './create-floor.js';
import {
  coordinatorListPath,
  FLOOR_TABLE_SQL,
  REQUESTER_LIST_PATH,
  type LoadRun,
  type LoadSummary,
  type ScenarioName,
} from './load-scenarios.js';
import { currentLoadAverage } from './machine.js';
import type { BenchAccounts } from './seed-accounts.js';
import { forkTypeScript } from './typescript-child.js';

const CONNECTIONS = 50;
const MEASURED_SECONDS = 10;
const WARM_UP_SECONDS = 3;
/** The steady create: creates per second, open loop, and for how long. */
export const STEADY_CREATE_RATE = 20;
const STEADY_SECONDS = 15;
const IDLE_POLL_MS = 50;
const IDLE_POLLS_BEFORE_NEXT_RUN = 10;

/** Issue 18's targets: ratios to the bare floor's routes measured just before, and the steady create's latencies. */
export const HTTP_TARGETS = {
  requesterListToFloor: 0.3,
  offersToFloor: 0.5,
  coordinatorListToFloor: 0.3,
  createToFloorInsert: 0.1,
  steadyCreateP99Ms: 50,
  steadyFirstOfferP99Ms: 100,
} as const;

export interface CreateCheck {
  requestsCreated: number;
  meanOffersPerRequest: number;
  statuses: Record<string, number>;
}

/** Each measured route with the floor run made just before it. */
export interface Measured {
  floor: LoadSummary;
  route: LoadSummary;
}

export interface HttpResult {
  requesterList: Measured;
  coordinatorList: Measured;
  offers: Measured;
  create: Measured;
  /** The least a create can do inside Ponte (`create-floor.ts`), against the same floor INSERT run as the create. */
  createFloor: LoadSummary;
  /** The floor's primary-key SELECT inside Ponte, through its whole stack, against its own floor GET run. */
  readFloor: Measured;
  steadyCreate: LoadSummary;
  createCheck: CreateCheck;
  offersListed: number;
  listsListed: { requester: number; coordinator: number; coordinatorTotal: number };
  listeners: number;
  poolSize: number;
}

/** The real app on the benchmark database, with the create's floor route beside its own. */
async function startApp(
  databaseUrl: string,
  organizationId: string,
  cleanup: Cleanup,
): Promise<{ app: FastifyInstance; baseUrl: string }> {
  const app = await buildApp({ config: benchConfig(databaseUrl), logger: false });
  cleanup.add('app', () => app.close());
  const [organization] = await app.database.db.select().from(organizations).where(eq(organizations.id, organizationId));
  if (!organization) throw new Error('the requester organization was not seeded');
  registerCreateFloor(app, organization);
  registerReadFloor(app, organization);
  await app.ready();
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  return { app, baseUrl: `http://127.0.0.1:${port}` };
}

/** The bare Fastify + pg server (`floor-server.ts`) in a process of its own, like Ponte's own. */
async function startFloor(db: Database, databaseUrl: string, organizationId: string, cleanup: Cleanup) {
  await db.execute(sql.raw(FLOOR_TABLE_SQL));
  const child = forkTypeScript(new URL('./floor-server.ts', import.meta.url), [databaseUrl, organizationId]);
  cleanup.add('floor server', async () => {
    if (child.exitCode === null) child.kill();
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the floor server exited (${code})`)));
    child.once('message', (message: { port: number }) => resolve(message.port));
  });
  return `http://127.0.0.1:${port}`;
}

async function signIn(baseUrl: string, email: string, password: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (!response.ok) throw new Error(`sign-in of ${email} failed: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { accessToken: string }).accessToken;
}

/** Access tokens for the mediators the creates may be offered to, signed as a sign-in would (no password hashing for each). */
async function listenerTokens(app: FastifyInstance, db: Database, mediatorIds: string[]): Promise<string[]> {
  const rows = await db
    .select({ id: users.id, mediatorId: users.mediatorId })
    .from(users)
    .where(inArray(users.mediatorId, mediatorIds));
  return rows.map((row) =>
    app.signAccessToken({ sub: row.id, role: 'mediator', organizationId: null, mediatorId: row.mediatorId }),
  );
}

function startLoadGenerator(cleanup: Cleanup) {
  const child = forkTypeScript(new URL('./load-generator.ts', import.meta.url));
  cleanup.add('load generator', async () => {
    if (child.exitCode === null) child.kill();
  });
  return (run: LoadRun) =>
    new Promise<LoadSummary>((resolve, reject) => {
      const onExit = (code: number | null) =>
        reject(new Error(`the load generator exited (${code}) during ${run.scenario}`));
      child.once('exit', onExit);
      child.once('message', (message: { summary?: LoadSummary; error?: string }) => {
        child.off('exit', onExit);
        if (message.summary) resolve(message.summary);
        else reject(new Error(`load generator: ${message.error ?? 'no result'}`));
      });
      child.send(run);
    });
}

/** Did the create runs really match and send waves? Counts what the requester's requests of `[since, until)` left behind. */
async function checkCreatedRequests(
  db: Database,
  requesterUserId: string,
  since: Date,
  until: Date,
): Promise<CreateCheck> {
  const created = and(
    eq(requests.createdByUserId, requesterUserId),
    gte(requests.createdAt, since),
    lt(requests.createdAt, until),
  );
  const statusRows = await db
    .select({ status: requests.status, count: sql<number>`count(*)::int` })
    .from(requests)
    .where(created)
    .groupBy(requests.status);
  const [offerRow] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(offers)
    .innerJoin(requests, eq(requests.id, offers.requestId))
    .where(created);
  const requestsCreated = statusRows.reduce((sum, row) => sum + row.count, 0);
  return {
    requestsCreated,
    meanOffersPerRequest: requestsCreated === 0 ? 0 : (offerRow?.count ?? 0) / requestsCreated,
    statuses: Object.fromEntries(statusRows.map((row) => [row.status, row.count])),
  };
}

/** Of the creates whose first offer no stream showed, how many did get an offer (and so were lost on the way)? */
async function countOffered(db: Database, requestIds: string[]): Promise<number> {
  if (requestIds.length === 0) return 0;
  const [row] = await db
    .select({ count: sql<number>`count(DISTINCT ${offers.requestId})::int` })
    .from(offers)
    .where(inArray(offers.requestId, requestIds));
  return row?.count ?? 0;
}

async function getJson<T>(baseUrl: string, path: string, token: string): Promise<T> {
  const response = await fetch(`${baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/**
 * autocannon stops sending when its time is up, but the server still works through what it accepted
 * (a slow route leaves up to 50 requests behind). The next run starts once no database connection has
 * been in use for a while, so it does not pay for the previous one.
 */
async function waitUntilServerIdle(pool: pg.Pool | undefined): Promise<void> {
  if (!pool) return;
  const deadline = Date.now() + 60_000;
  let idlePolls = 0;
  while (idlePolls < IDLE_POLLS_BEFORE_NEXT_RUN && Date.now() < deadline) {
    const busy = pool.totalCount - pool.idleCount + pool.waitingCount;
    idlePolls = busy === 0 ? idlePolls + 1 : 0;
    await setTimeout(IDLE_POLL_MS);
  }
}

function describe(summary: LoadSummary): string {
  const failures =
    summary.non2xx + summary.errors > 0
      ? `  (${summary.non2xx} non-2xx, ${summary.errors} errors: ${JSON.stringify(summary.statusCodes)})`
      : '';
  const live = summary.firstOffer
    ? `  first offer live p50 ${summary.firstOffer.p50Ms} ms p99 ${summary.firstOffer.p99Ms} ms (${summary.firstOffer.delivered}/${summary.firstOffer.created})`
    : '';
  return `${summary.scenario.padEnd(15)} ${summary.requestsPerSecond.toFixed(0).padStart(6)} req/s (${summary.successesPerSecond.toFixed(0)} 2xx/s)  p50 ${summary.latencyP50Ms} ms  p99 ${summary.latencyP99Ms} ms${failures}${live}`;
}

/**
 * (b) HTTP throughput and latency, 50 connections, 10 s per run. Each measured route runs right after a
 * run of the bare floor server's matching route (SELECT for reads, INSERT for the create), so its ratio
 * compares two runs made in the same state of the machine and database. Then the steady create: 20
 * creates a second, open loop, with every mediator they may be offered to listening live.
 */
export async function benchmarkHttp(
  databaseUrl: string,
  db: Database,
  accounts: BenchAccounts,
  cleanup: Cleanup,
): Promise<HttpResult> {
  const { app, baseUrl } = await startApp(databaseUrl, accounts.requesterOrganizationId, cleanup);
  const floorUrl = await startFloor(db, databaseUrl, accounts.requesterOrganizationId, cleanup);
  const requesterToken = await signIn(baseUrl, accounts.requesterEmail, accounts.password);
  const coordinatorToken = await signIn(baseUrl, accounts.coordinatorEmail, accounts.password);
  const mediatorToken = await signIn(baseUrl, accounts.offersMediatorEmail, accounts.password);
  const [requester] = await db.select({ id: users.id }).from(users).where(eq(users.email, accounts.requesterEmail));
  if (!requester) throw new Error('the requester was not seeded');
  const offersListed = (await getJson<unknown[]>(baseUrl, '/api/offers?status=pending', mediatorToken)).length;
  if (offersListed === 0) throw new Error('the offers mediator has no pending offers to list');
  const requesterPage = await getJson<{ items: unknown[] }>(baseUrl, REQUESTER_LIST_PATH, requesterToken);
  const coordinatorPage = await getJson<{ items: unknown[]; total: number }>(
    baseUrl,
    coordinatorListPath(new Date()),
    coordinatorToken,
  );
  const listeners = await listenerTokens(app, db, accounts.createCandidateMediatorIds);

  const fire = startLoadGenerator(cleanup);
  const tokens: Record<ScenarioName, string | undefined> = {
    floorGet: undefined,
    floorInsert: undefined,
    requesterList: requesterToken,
    coordinatorList: coordinatorToken,
    offers: mediatorToken,
    create: requesterToken,
    createFloor: requesterToken,
    readFloor: mediatorToken,
    steadyCreate: requesterToken,
  };
  const run = async (scenario: ScenarioName, durationSeconds: number, label: string, extra: Partial<LoadRun> = {}) => {
    await waitUntilServerIdle(app.database.pool);
    const summary = await fire({
      scenario,
      baseUrl: scenario.startsWith('floor') ? floorUrl : baseUrl,
      token: tokens[scenario],
      connections: CONNECTIONS,
      durationSeconds,
      ...extra,
    });
    console.log(`  ${label.padEnd(9)} ${describe(summary)}  (load average ${currentLoadAverage()})`);
    return summary;
  };
  const measuredAfterFloor = async (floor: 'floorGet' | 'floorInsert', scenario: ScenarioName): Promise<Measured> => ({
    floor: await run(floor, MEASURED_SECONDS, 'measured'),
    route: await run(scenario, MEASURED_SECONDS, 'measured'),
  });

  for (const scenario of ['floorGet', 'readFloor', 'requesterList', 'coordinatorList', 'offers'] as const)
    await run(scenario, WARM_UP_SECONDS, 'warm-up');
  const readFloor = await measuredAfterFloor('floorGet', 'readFloor');
  const requesterList = await measuredAfterFloor('floorGet', 'requesterList');
  const coordinatorList = await measuredAfterFloor('floorGet', 'coordinatorList');
  const offersRun = await measuredAfterFloor('floorGet', 'offers');
  // The steady create first, while the mediators are as free as a normal day leaves them (the runs at
  // 50 connections book thousands of Arabic requests and wear the pool down).
  const createSince = new Date();
  const steadyCreate = await run('steadyCreate', STEADY_SECONDS, 'measured', {
    connections: STEADY_CREATE_RATE,
    overallRate: STEADY_CREATE_RATE,
    listenerTokens: listeners,
  });
  if (steadyCreate.firstOffer) steadyCreate.firstOffer.lost = await countOffered(db, steadyCreate.firstOffer.unseen);
  for (const scenario of ['floorInsert', 'create', 'createFloor'] as const)
    await run(scenario, WARM_UP_SECONDS, 'warm-up');
  const create = await measuredAfterFloor('floorInsert', 'create');
  const createFloor = await run('createFloor', MEASURED_SECONDS, 'measured');
  await waitUntilServerIdle(app.database.pool);
  const createUntil = new Date();

  return {
    requesterList,
    coordinatorList,
    offers: offersRun,
    create,
    createFloor,
    readFloor,
    steadyCreate,
    createCheck: await checkCreatedRequests(db, requester.id, createSince, createUntil),
    offersListed,
    listsListed: {
      requester: requesterPage.items.length,
      coordinator: coordinatorPage.items.length,
      coordinatorTotal: coordinatorPage.total,
    },
    listeners: listeners.length,
    poolSize: app.database.pool?.options.max ?? 0,
  };
}
