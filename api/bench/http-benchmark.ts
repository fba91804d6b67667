import type { AddressInfo } from 'node:net';
import { setTimeout } from 'node:timers/promises';
import { and, eq, gte, lt, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { buildApp } from '../src/app.js';
import { benchConfig } from './bench-config.js';
import type { Database } from '../src/db/client.js';
import { offers, organizations, requests, users } from '../src/db/schema/index.js';
import type { Cleanup } from './cleanup.js';
import { registerCreateFloor } from './create-floor.js';
import { currentLoadAverage } from './machine.js';
import type { LoadRun, LoadSummary, ScenarioName } from './load-scenarios.js';
import { BASELINE_PATH } from './load-scenarios.js';
import type { BenchAccounts } from './seed-accounts.js';
import { forkTypeScript } from './typescript-child.js';

const CONNECTIONS = 50;
const MEASURED_SECONDS = 10;
const WARM_UP_SECONDS = 3;
const IDLE_POLL_MS = 50;
const IDLE_POLLS_BEFORE_NEXT_RUN = 10;

export const HTTP_TARGETS = { createP99Ms: 50, createToBaseline: 0.3, offersToBaseline: 0.6 } as const;

export interface CreateCheck {
  requestsCreated: number;
  meanOffersPerRequest: number;
  statuses: Record<string, number>;
}

export interface HttpResult {
  baselineBeforeCreate: LoadSummary;
  create: LoadSummary;
  /** The least a create can do (`create-floor.ts`), run right after the create and compared with the same baseline. */
  createFloor: LoadSummary;
  baselineBeforeOffers: LoadSummary;
  offers: LoadSummary;
  createCheck: CreateCheck;
  offersListed: number;
  poolSize: number;
}

/**
 * The real app on the benchmark database, plus one route that does the least a database-backed route
 * can do (a primary-key SELECT through the same pool and drizzle): the yardstick the ratios divide by;
 * and the create's floor, the least a create can do.
 */
async function startApp(
  databaseUrl: string,
  organizationId: string,
  cleanup: Cleanup,
): Promise<{ app: FastifyInstance; baseUrl: string }> {
  const config = benchConfig(databaseUrl);
  const app = await buildApp({ config, logger: false });
  cleanup.add('app', () => app.close());
  app.get(BASELINE_PATH, async () => {
    const [organization] = await app.database.db
      .select({ id: organizations.id, name: organizations.name })
      .from(organizations)
      .where(eq(organizations.id, organizationId));
    return organization;
  });
  const [organization] = await app.database.db.select().from(organizations).where(eq(organizations.id, organizationId));
  if (!organization) throw new Error('the requester organization was not seeded');
  registerCreateFloor(app, organization);
  await app.ready();
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  return { app, baseUrl: `http://127.0.0.1:${port}` };
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

/** Did the create run really match and send waves? Counts what the requester's requests of `[since, until)` left behind. */
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

async function countListedOffers(baseUrl: string, token: string): Promise<number> {
  const response = await fetch(`${baseUrl}/api/offers?status=pending`, {
    headers: { authorization: `Bearer ${token}` },
  });
  if (!response.ok) throw new Error(`offers: ${response.status} ${await response.text()}`);
  return ((await response.json()) as unknown[]).length;
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
  return `${summary.scenario.padEnd(11)} ${summary.requestsPerSecond.toFixed(0).padStart(6)} req/s (${summary.successesPerSecond.toFixed(0)} 2xx/s)  p50 ${summary.latencyP50Ms} ms  p99 ${summary.latencyP99Ms} ms${failures}`;
}

/**
 * (b) HTTP throughput and latency, 50 connections, 10 s per run. Each measured route runs right after a
 * baseline run, so its ratio compares two runs made in the same state of the machine and database.
 */
export async function benchmarkHttp(
  databaseUrl: string,
  db: Database,
  accounts: BenchAccounts,
  cleanup: Cleanup,
): Promise<HttpResult> {
  const { app, baseUrl } = await startApp(databaseUrl, accounts.requesterOrganizationId, cleanup);
  const requesterToken = await signIn(baseUrl, accounts.requesterEmail, accounts.password);
  const mediatorToken = await signIn(baseUrl, accounts.offersMediatorEmail, accounts.password);
  const [requester] = await db.select({ id: users.id }).from(users).where(eq(users.email, accounts.requesterEmail));
  if (!requester) throw new Error('the requester was not seeded');
  const offersListed = await countListedOffers(baseUrl, mediatorToken);
  if (offersListed === 0) throw new Error('the offers mediator has no pending offers to list');

  const fire = startLoadGenerator(cleanup);
  const tokens: Record<ScenarioName, string | undefined> = {
    baseline: undefined,
    create: requesterToken,
    createFloor: requesterToken,
    offers: mediatorToken,
  };
  const run = async (scenario: ScenarioName, durationSeconds: number, label: string) => {
    await waitUntilServerIdle(app.database.pool);
    const summary = await fire({
      scenario,
      baseUrl,
      token: tokens[scenario],
      connections: CONNECTIONS,
      durationSeconds,
    });
    console.log(`  ${label.padEnd(9)} ${describe(summary)}  (load average ${currentLoadAverage()})`);
    return summary;
  };

  for (const scenario of ['baseline', 'create', 'createFloor', 'offers'] as const)
    await run(scenario, WARM_UP_SECONDS, 'warm-up');
  const baselineBeforeCreate = await run('baseline', MEASURED_SECONDS, 'measured');
  const createSince = new Date();
  const create = await run('create', MEASURED_SECONDS, 'measured');
  await waitUntilServerIdle(app.database.pool);
  const createUntil = new Date();
  const createFloor = await run('createFloor', MEASURED_SECONDS, 'measured');
  const baselineBeforeOffers = await run('baseline', MEASURED_SECONDS, 'measured');
  const offersRun = await run('offers', MEASURED_SECONDS, 'measured');

  return {
    baselineBeforeCreate,
    create,
    createFloor,
    baselineBeforeOffers,
    offers: offersRun,
    createCheck: await checkCreatedRequests(db, requester.id, createSince, createUntil),
    offersListed,
    poolSize: app.database.pool?.options.max ?? 0,
  };
}
