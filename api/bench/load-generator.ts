/**
 * The load generator, a child process of the benchmark: autocannon in the server's own event loop
 * would steal its time and inflate every latency. It still shares the machine's two cores with the
 * server and PostgreSQL, which the report says.
 */
import autocannon from 'autocannon';
import {
  BASELINE_PATH,
  CREATE_FLOOR_PATH,
  CREATE_PATH,
  createRequestBody,
  OFFERS_PATH,
  type LoadRun,
  type LoadSummary,
} from './load-scenarios.js';

function requestsFor(run: LoadRun): autocannon.Request[] {
  const authorization = run.token ? { authorization: `Bearer ${run.token}` } : {};
  switch (run.scenario) {
    case 'baseline':
      return [{ method: 'GET', path: BASELINE_PATH }];
    case 'offers':
      return [{ method: 'GET', path: OFFERS_PATH, headers: authorization }];
    case 'create':
    case 'createFloor':
      return [
        {
          method: 'POST',
          path: run.scenario === 'create' ? CREATE_PATH : CREATE_FLOOR_PATH,
          headers: { ...authorization, 'content-type': 'application/json' },
          // A new body for every request: a different start each time.
          setupRequest: (request) => ({ ...request, body: JSON.stringify(createRequestBody(new Date())) }),
        },
      ];
  }
}

async function fire(run: LoadRun): Promise<LoadSummary> {
  const result = await autocannon({
    url: run.baseUrl,
    connections: run.connections,
    duration: run.durationSeconds,
    requests: requestsFor(run),
  });
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
