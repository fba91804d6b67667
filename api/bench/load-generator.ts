/**
 * The load generator, a child process of the benchmark: autocannon in the server's own event loop
 * would steal its time and inflate every latency. It still shares the machine's two cores with the
 * server and PostgreSQL, which the report says. For the steady create it also holds the mediators'
 * live streams, and times each create's first offer from the create's response.
 */
import autocannon from 'autocannon';
import { openEventStream } from '../test/helpers/event-stream.js';
import {
  coordinatorListPath,
  CREATE_FLOOR_PATH,
  READ_FLOOR_PATH,
  CREATE_PATH,
  createRequestBody,
  FLOOR_GET_PATH,
  FLOOR_INSERT_PATH,
  OFFERS_PATH,
  REQUESTER_LIST_PATH,
  type FirstOfferDelivery,
  type LoadRun,
  type LoadSummary,
} from './load-scenarios.js';
import { maximum, percentile, roundTo } from './statistics.js';

/** How long after the last create its first offer may still arrive. */
const FIRST_OFFER_WAIT_MS = 5_000;

/** When each create was answered (performance.now()), by request id. */
type Answers = Map<string, number>;

function requestsFor(run: LoadRun, answers: Answers): autocannon.Request[] {
  const authorization = run.token ? { authorization: `Bearer ${run.token}` } : {};
  const get = (path: string): autocannon.Request[] => [{ method: 'GET', path, headers: authorization }];
  const post = (path: string, onResponse?: autocannon.Request['onResponse']): autocannon.Request[] => [
    {
      method: 'POST',
      path,
      headers: { ...authorization, 'content-type': 'application/json' },
      // A new body for every request: a different start each time.
      setupRequest: (request) => ({ ...request, body: JSON.stringify(createRequestBody(new Date())) }),
      onResponse,
    },
  ];
  switch (run.scenario) {
    case 'floorGet':
      return get(FLOOR_GET_PATH);
    case 'floorInsert':
      return post(FLOOR_INSERT_PATH);
    case 'requesterList':
      return get(REQUESTER_LIST_PATH);
    case 'coordinatorList':
      return get(coordinatorListPath(new Date()));
    case 'offers':
      return get(OFFERS_PATH);
    case 'createFloor':
      return post(CREATE_FLOOR_PATH);
    case 'readFloor':
      return get(READ_FLOOR_PATH);
    case 'create':
      return post(CREATE_PATH);
    case 'steadyCreate':
      return post(CREATE_PATH, (status, body) => {
        if (status === 201) answers.set((JSON.parse(body) as { id: string }).id, performance.now());
      });
  }
}

/** The live streams of the mediators who may be offered the creates: the first `offer.created` per request. */
async function listen(baseUrl: string, tokens: string[]) {
  const firstOffers = new Map<string, number>();
  const streams = await Promise.all(tokens.map((token) => openEventStream(baseUrl, token)));
  const seen = streams.map(() => 0);
  const collect = () => {
    streams.forEach((stream, index) => {
      for (; seen[index]! < stream.events.length; seen[index]! += 1) {
        const event = stream.events[seen[index]!]!;
        const requestId = event.data.requestId;
        if (event.event === 'offer.created' && typeof requestId === 'string' && !firstOffers.has(requestId)) {
          firstOffers.set(requestId, event.receivedAt);
        }
      }
    });
  };
  return {
    firstOffers,
    collect,
    close: () => streams.forEach((stream) => stream.close()),
  };
}

function firstOfferDelivery(answers: Answers, firstOffers: Map<string, number>): FirstOfferDelivery {
  // An offer the stream carried before the response was read counts as no wait at all.
  const waits = [...answers].flatMap(([id, answeredAt]) => {
    const offeredAt = firstOffers.get(id);
    return offeredAt === undefined ? [] : [Math.max(0, offeredAt - answeredAt)];
  });
  return {
    created: answers.size,
    delivered: waits.length,
    unseen: [...answers.keys()].filter((id) => !firstOffers.has(id)),
    p50Ms: roundTo(percentile(waits, 50), 1),
    p99Ms: roundTo(percentile(waits, 99), 1),
    maxMs: roundTo(maximum(waits), 1),
  };
}

async function fire(run: LoadRun): Promise<LoadSummary> {
  const answers: Answers = new Map();
  const listeners = run.listenerTokens ? await listen(run.baseUrl, run.listenerTokens) : undefined;
  const result = await autocannon({
    url: run.baseUrl,
    connections: run.connections,
    duration: run.durationSeconds,
    ...(run.overallRate === undefined ? {} : { overallRate: run.overallRate }),
    requests: requestsFor(run, answers),
  });
  let firstOffer: FirstOfferDelivery | undefined;
  if (listeners) {
    const deadline = performance.now() + FIRST_OFFER_WAIT_MS;
    for (;;) {
      listeners.collect();
      const waiting = [...answers.keys()].some((id) => !listeners.firstOffers.has(id));
      if (!waiting || performance.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    listeners.close();
    firstOffer = firstOfferDelivery(answers, listeners.firstOffers);
  }
  const statusCodes = Object.fromEntries(
    Object.entries(result.statusCodeStats ?? {}).map(([code, stats]) => [code, stats.count ?? 0]),
  );
  return {
    scenario: run.scenario,
    durationSeconds: result.duration,
    requestsPerSecond: result.requests.average,
    successesPerSecond: result['2xx'] / result.duration,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    latencyMaxMs: result.latency.max,
    responses2xx: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes,
    ...(firstOffer ? { firstOffer } : {}),
  };
}

process.on('message', (run: LoadRun) => {
  fire(run).then(
    (summary) => process.send?.({ summary }),
    (error: unknown) => process.send?.({ error: String(error) }),
  );
});

// The benchmark went away (finished, failed or interrupted): so does its load generator.
process.on('disconnect', () => process.exit(0));
