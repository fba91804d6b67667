import { RequestCreate } from '@ponte/shared';
import { threadId } from 'node:worker_threads';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import pino from 'pino';
import { loadConfig } from '../src/config.js';
import type { AppContext } from '../src/context.js';
import { openDatabase, rowsOf, type DatabaseHandle } from '../src/db/client.js';
import { seedDatabase } from '../src/db/seed.js';
import { tierFor, type DispatchPolicy } from '../src/domain/dispatch-policy.js';
import { localWeekBounds } from '../src/domain/local-time.js';
import { ManualClock } from '../src/lib/clock.js';
import { AppError } from '../src/lib/errors.js';
import type { Caller } from '../src/plugins/auth.js';
import { createDispatcher } from '../src/modules/dispatch/dispatch.service.js';
import { describeRequest } from '../src/modules/requests/request-detail.js';
import { createRequestsService } from '../src/modules/requests/requests.service.js';
import { answerAt, behaviourOf, decide, Draw, type MediatorBehaviour } from './behaviour.js';
import type { LeadClass, SimRequest } from './demand.js';
import { EventQueue } from './event-queue.js';
import { HOUR_MS, MINUTE_MS } from './local-clock.js';
import { randomFor } from './random.js';
import { COORDINATOR_USER_ID, seedSimulatedProvider, type SimMediator } from './roster.js';

/** What one request went through, as the engine's live events and tables told it. */
export interface RequestOutcome {
  index: number;
  urgent: boolean;
  lead: LeadClass;
  caseRef: string | null;
  organizationKey: string;
  languageCode: string;
  createdAt: number;
  /** The first accept's time; null when nobody ever took it. */
  firstAssignedAt: number | null;
  status: string;
  /** Offers the engine sent for it. */
  offers: number;
  /** The mediator who holds (or delivered) it at the end. */
  mediatorIndex: number | null;
  deliveredMinutes: number;
}

export interface PolicyRun {
  requests: RequestOutcome[];
  roster: { index: number; languageCodes: string[]; behaviour: MediatorBehaviour }[];
  offersByMediator: number[];
  counters: {
    offers: number;
    accepts: number;
    lostRaces: number;
    declines: number;
    ignored: number;
    withdrawals: number;
  };
  unfilledReasons: Record<string, number>;
}

export interface RunOptions {
  seed: number;
  demand: SimRequest[];
  policy: DispatchPolicy;
  scale: number;
  /** A PostgreSQL server to simulate on (a scratch database is created there and dropped); else PGlite in memory. */
  databaseUrl?: string | undefined;
  /** Tests: changes the engine's settings beyond the policy (e.g. TRAVEL_BUFFER_MINUTES). */
  environment?: Record<string, string>;
}

type SimEvent =
  | { kind: 'create'; request: SimRequest }
  | { kind: 'answer'; offerId: string; requestIndex: number; mediatorIndex: number }
  | { kind: 'withdraw'; requestIndex: number; mediatorIndex: number }
  | { kind: 'complete'; requestIndex: number; mediatorIndex: number };

let scratchCounter = 0;

async function openSimulationDatabase(databaseUrl: string | undefined) {
  const logger = { error: () => undefined };
  if (!databaseUrl) {
    const handle = await openDatabase({ dataDir: 'memory://', logger });
    return { handle, drop: () => handle.close() };
  }
  // Never the database named: a scratch one beside it, dropped afterwards (one per thread and run).
  const name = `ponte_simulation_${process.pid}_${threadId}_${(scratchCounter += 1)}`;
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
  await admin.end();
  const url = new URL(databaseUrl);
  url.pathname = `/${name}`;
  const handle: DatabaseHandle = await openDatabase({
    databaseUrl: url.toString(),
    dataDir: 'memory://',
    logger,
    poolSize: 4,
  });
  return {
    handle,
    async drop() {
      await handle.close();
      const cleaner = new pg.Client({ connectionString: databaseUrl });
      await cleaner.connect();
      await cleaner.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
      await cleaner.end();
    },
  };
}

interface LiveRow {
  id: string | number;
  type: string;
  request_id: string;
  mediator_id: string | null;
  status: string | null;
  data: { offerId?: string };
}

/**
 * One season under one policy, through Ponte's own code: requests are filed through the requests
 * service, waves, expiry, unfilled and expiry of past requests happen in the dispatcher's sweep when
 * the requests' `next_check_at` falls due on the simulated clock, and mediators answer through the
 * dispatcher's accept and decline, withdraw and complete. The simulation learns of offers and
 * assignments as a phone would: from the live events the engine writes.
 */
export async function runPolicy(options: RunOptions): Promise<PolicyRun> {
  const { handle, drop } = await openSimulationDatabase(options.databaseUrl);
  try {
    await handle.migrate();
    const config = loadConfig({
      DATA_DIR: 'memory://',
      SEED: 'none',
      SWEEP_INTERVAL_MS: '0',
      LOG_LEVEL: 'silent',
      DISPATCH_POLICY: JSON.stringify(options.policy),
      ...options.environment,
    });
    const log = pino({ level: 'silent' });
    await seedDatabase(handle.db, config, { info: () => undefined });
    const { organizationIds, roster } = await seedSimulatedProvider(handle.db, options.scale);
    const first = options.demand[0];
    const clock = new ManualClock(first ? new Date(first.createdAt.getTime() - HOUR_MS) : new Date());
    const context: AppContext = { db: handle.db, clock, config, log };
    const dispatcher = createDispatcher(context, describeRequest);
    const requestsService = createRequestsService(context, dispatcher);
    return await simulate({ ...options, db: handle, clock, dispatcher, requestsService, organizationIds, roster });
  } finally {
    await drop();
  }
}

async function simulate(
  input: RunOptions & {
    db: DatabaseHandle;
    clock: ManualClock;
    dispatcher: ReturnType<typeof createDispatcher>;
    requestsService: ReturnType<typeof createRequestsService>;
    organizationIds: Map<string, string>;
    roster: SimMediator[];
  },
): Promise<PolicyRun> {
  const { seed, demand, clock, dispatcher, requestsService, organizationIds, roster } = input;
  const db = input.db.db;
  const behaviours = roster.map((mediator) => behaviourOf(seed, mediator.index));
  const mediatorIndexById = new Map(roster.map((mediator) => [mediator.id, mediator.index]));
  const callerOf = (mediator: SimMediator): Caller => ({
    sub: mediator.userId,
    role: 'mediator',
    organizationId: null,
    mediatorId: mediator.id,
  });
  const coordinator: Caller = { sub: COORDINATOR_USER_ID, role: 'coordinator', organizationId: null, mediatorId: null };

  const queue = new EventQueue<SimEvent>();
  for (const request of demand) queue.push(request.createdAt, { kind: 'create', request });

  const requestIdByIndex = new Map<number, string>();
  const indexByRequestId = new Map<string, number>();
  const firstAssignedAt = new Map<number, number>();
  const assignee = new Map<number, number>();
  /** Minutes booked per mediator and local week (its Monday's instant): what the behaviour's load reads. */
  const booked = new Map<string, number>();
  const weekKey = (mediatorIndex: number, startsAt: Date) =>
    `${mediatorIndex}:${localWeekBounds(startsAt).start.getTime()}`;
  const book = (mediatorIndex: number, request: SimRequest, sign: 1 | -1) => {
    const key = weekKey(mediatorIndex, request.startsAt);
    booked.set(key, (booked.get(key) ?? 0) + sign * request.durationMinutes);
  };
  const offersByMediator = roster.map(() => 0);
  const offersByRequest = demand.map(() => 0);
  const counters = { offers: 0, accepts: 0, lostRaces: 0, declines: 0, ignored: 0, withdrawals: 0 };
  let lastLiveId = 0;

  /** Reads what the engine announced since the last look, at the simulated now. */
  async function observe() {
    const now = clock.now();
    const rows = rowsOf<LiveRow>(
      await db.execute(
        sql`SELECT id, type, request_id, mediator_id, status, data FROM live_events WHERE id > ${lastLiveId} ORDER BY id`,
      ),
    );
    for (const row of rows) {
      lastLiveId = Number(row.id);
      const requestIndex = indexByRequestId.get(row.request_id);
      if (requestIndex === undefined) continue;
      const request = demand[requestIndex] as SimRequest;
      const mediatorIndex = row.mediator_id ? mediatorIndexById.get(row.mediator_id) : undefined;
      if (row.type === 'offer.created' && mediatorIndex !== undefined && row.data.offerId) {
        counters.offers += 1;
        offersByMediator[mediatorIndex] = (offersByMediator[mediatorIndex] ?? 0) + 1;
        offersByRequest[requestIndex] = (offersByRequest[requestIndex] ?? 0) + 1;
        const behaviour = behaviours[mediatorIndex] as MediatorBehaviour;
        const at = answerAt(behaviour, now, randomFor(seed, Draw.delay, requestIndex, mediatorIndex));
        if (at < request.startsAt)
          queue.push(at, { kind: 'answer', offerId: row.data.offerId, requestIndex, mediatorIndex });
      } else if (row.type === 'request.updated') {
        const previous = assignee.get(requestIndex);
        if (row.status === 'assigned' && mediatorIndex !== undefined && previous !== mediatorIndex) {
          if (previous !== undefined) book(previous, request, -1);
          assignee.set(requestIndex, mediatorIndex);
          book(mediatorIndex, request, 1);
          if (!firstAssignedAt.has(requestIndex)) firstAssignedAt.set(requestIndex, now.getTime());
        } else if (row.status !== 'assigned' && row.status !== 'completed' && previous !== undefined) {
          assignee.delete(requestIndex);
          book(previous, request, -1);
        }
      }
    }
  }

  async function nextDue(): Promise<number | undefined> {
    const [row] = rowsOf<{ at: string | Date | null }>(
      await db.execute(sql`SELECT min(next_check_at) AS at FROM requests WHERE next_check_at IS NOT NULL`),
    );
    return row?.at ? new Date(row.at).getTime() : undefined;
  }

  async function handle(event: SimEvent) {
    switch (event.kind) {
      case 'create': {
        const { request } = event;
        const body = RequestCreate.parse({
          organizationId: organizationIds.get(request.organizationKey),
          serviceType: request.serviceType,
          languageCode: request.languageCode,
          mode: request.mode,
          startsAt: request.startsAt.toISOString(),
          durationMinutes: request.durationMinutes,
          ...(request.caseRef ? { caseRef: request.caseRef } : {}),
          contactName: 'Referente',
          contactPhone: '039 6080100',
        });
        // The id is known only once created, but the first wave's live events are already written: map first.
        const created = await requestsService.create(coordinator, body);
        requestIdByIndex.set(request.index, created.request.id);
        indexByRequestId.set(created.request.id, request.index);
        return;
      }
      case 'answer': {
        const request = demand[event.requestIndex] as SimRequest;
        const mediator = roster[event.mediatorIndex] as SimMediator;
        const [offer] = rowsOf<{ status: string }>(
          await db.execute(sql`SELECT status FROM offers WHERE id = ${event.offerId}`),
        );
        // Gone from the inbox (taken, withdrawn, expired): nothing to answer.
        if (offer?.status !== 'pending') return;
        const now = clock.now();
        const load = (booked.get(weekKey(mediator.index, request.startsAt)) ?? 0) / mediator.maxWeeklyMinutes;
        const behaviour = behaviours[mediator.index] as MediatorBehaviour;
        const answer = decide(
          behaviour,
          load,
          request.startsAt.getTime() - now.getTime(),
          randomFor(seed, Draw.answer, request.index, mediator.index),
        );
        if (answer === 'ignore') {
          counters.ignored += 1;
          return;
        }
        if (answer === 'decline') {
          counters.declines += 1;
          await dispatcher.decline(callerOf(mediator), mediator.id, event.offerId).catch(ignoreConflict);
          return;
        }
        try {
          await dispatcher.accept(callerOf(mediator), mediator.id, event.offerId);
        } catch (error) {
          ignoreConflict(error);
          counters.lostRaces += 1;
          return;
        }
        counters.accepts += 1;
        const random = randomFor(seed, Draw.withdraw, request.index, mediator.index);
        if (random.chance(behaviour.withdrawChance)) {
          const span = request.startsAt.getTime() - now.getTime() - 5 * MINUTE_MS;
          if (span > 0)
            queue.push(new Date(now.getTime() + random.next() * span), { kind: 'withdraw', ...pair(event) });
        }
        const endsAt = request.startsAt.getTime() + request.durationMinutes * MINUTE_MS;
        queue.push(new Date(endsAt + 15 * MINUTE_MS), { kind: 'complete', ...pair(event) });
        return;
      }
      case 'withdraw': {
        if (assignee.get(event.requestIndex) !== event.mediatorIndex) return;
        const mediator = roster[event.mediatorIndex] as SimMediator;
        const id = requestIdByIndex.get(event.requestIndex) as string;
        await dispatcher.withdraw(callerOf(mediator), id, 'Imprevisto personale').catch(ignoreConflict);
        counters.withdrawals += 1;
        return;
      }
      case 'complete': {
        if (assignee.get(event.requestIndex) !== event.mediatorIndex) return;
        const request = demand[event.requestIndex] as SimRequest;
        const mediator = roster[event.mediatorIndex] as SimMediator;
        const id = requestIdByIndex.get(event.requestIndex) as string;
        await dispatcher
          .complete(callerOf(mediator), id, { actualMinutes: request.durationMinutes, outcome: 'done' })
          .catch(ignoreConflict);
        return;
      }
    }
  }

  for (;;) {
    const agentAt = queue.peekTime();
    const dueAt = await nextDue();
    if (agentAt === undefined && dueAt === undefined) break;
    const at = Math.min(agentAt ?? Number.POSITIVE_INFINITY, dueAt ?? Number.POSITIVE_INFINITY);
    if (at > clock.now().getTime()) clock.set(new Date(at));
    if (dueAt !== undefined && dueAt <= clock.now().getTime()) {
      await dispatcher.sweepDueWork();
      await observe();
      continue;
    }
    const next = queue.pop();
    if (!next) continue;
    await handle(next.item);
    await observe();
  }

  const finalRows = rowsOf<{
    id: string;
    status: string;
    assigned_mediator_id: string | null;
    actual_minutes: number | null;
  }>(await db.execute(sql`SELECT id, status, assigned_mediator_id, actual_minutes FROM requests`));
  const finalById = new Map(finalRows.map((row) => [row.id, row]));
  const reasonRows = rowsOf<{ reason: string; n: number | string }>(
    await db.execute(
      sql`SELECT data->>'reason' AS reason, count(*) AS n FROM request_events WHERE type = 'unfilled' GROUP BY 1 ORDER BY 1`,
    ),
  );
  const unfilledReasons = Object.fromEntries(reasonRows.map((row) => [row.reason, Number(row.n)]));
  const requests: RequestOutcome[] = demand.map((request) => {
    const row = finalById.get(requestIdByIndex.get(request.index) ?? '');
    const mediatorIndex = row?.assigned_mediator_id ? (mediatorIndexById.get(row.assigned_mediator_id) ?? null) : null;
    return {
      index: request.index,
      urgent: tierFor(request.createdAt, request.startsAt) === 'urgent',
      lead: request.lead,
      caseRef: request.caseRef,
      organizationKey: request.organizationKey,
      languageCode: request.languageCode,
      createdAt: request.createdAt.getTime(),
      firstAssignedAt: firstAssignedAt.get(request.index) ?? null,
      offers: offersByRequest[request.index] ?? 0,
      status: row?.status ?? 'missing',
      mediatorIndex,
      deliveredMinutes: row?.status === 'completed' ? (row.actual_minutes ?? 0) : 0,
    };
  });
  return {
    requests,
    roster: roster.map((mediator) => ({
      index: mediator.index,
      languageCodes: mediator.languageCodes,
      behaviour: behaviours[mediator.index] as MediatorBehaviour,
    })),
    offersByMediator,
    counters,
    unfilledReasons,
  };
}

const pair = (event: { requestIndex: number; mediatorIndex: number }) => ({
  requestIndex: event.requestIndex,
  mediatorIndex: event.mediatorIndex,
});

/** A 409 is part of the season (beaten to it, busy elsewhere): anything else is a bug and stops the run. */
function ignoreConflict(error: unknown): void {
  if (error instanceof AppError && error.status === 409) return;
  throw error;
}
