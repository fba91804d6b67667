import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import type { CandidatesResult } from './candidates-benchmark.js';
import { CANDIDATES_P99_TARGET_MS } from './candidates-benchmark.js';
import type { HttpResult } from './http-benchmark.js';
import { HTTP_TARGETS, STEADY_CREATE_RATE, type Measured } from './http-benchmark.js';
import type { LoadSummary } from './load-scenarios.js';
import type { Machine } from './machine.js';

export interface BenchReport {
  finishedAt: Date;
  machine: Machine;
  /** One-minute load average sampled during the run: well above the core count means shared CPU. */
  loadAverage: { min: number; max: number };
  command: string;
  tableSizes: Record<string, number>;
  /** Mediators per language, most spoken first (the five largest pools). */
  largestLanguagePools: [string, number][];
  /** The full candidate list, then the wave path. */
  candidates: CandidatesResult[];
  http: HttpResult;
}

interface TargetCheck {
  figure: string;
  value: string;
  target: string;
  met: boolean;
}

const ms = (value: number) => `${value.toFixed(1)} ms`;
const ratio = (measured: LoadSummary, baseline: LoadSummary) =>
  measured.successesPerSecond / baseline.successesPerSecond;
/** Two decimals, three below 0.1 so a small ratio does not print as 0.00. */
const formatRatio = (value: number) => value.toFixed(value < 0.1 ? 3 : 2);

export function targetChecks(report: BenchReport): TargetCheck[] {
  const { candidates, http } = report;
  const ratioCheck = (figure: string, measured: Measured, target: number) => {
    const value = ratio(measured.route, measured.floor);
    return { figure, value: formatRatio(value), target: `≥ ${target}`, met: value >= target };
  };
  const latencyCheck = (figure: string, value: number, target: number) => ({
    figure,
    value: ms(value),
    target: `≤ ${target} ms`,
    met: value <= target,
  });
  const firstOffer = http.steadyCreate.firstOffer;
  return [
    ...candidates.map((result) =>
      latencyCheck(`candidates p99, ${result.scope}`, result.p99Ms, CANDIDATES_P99_TARGET_MS),
    ),
    ratioCheck("a requester's list of 20 / floor GET 2xx/s", http.requesterList, HTTP_TARGETS.requesterListToFloor),
    ratioCheck("the mediator's pending offers / floor GET 2xx/s", http.offers, HTTP_TARGETS.offersToFloor),
    ratioCheck(
      "the coordinators' filtered list / floor GET 2xx/s",
      http.coordinatorList,
      HTTP_TARGETS.coordinatorListToFloor,
    ),
    ratioCheck('creates at 50 connections / floor INSERT 2xx/s', http.create, HTTP_TARGETS.createToFloorInsert),
    latencyCheck(
      `create p99 at a steady ${STEADY_CREATE_RATE}/s`,
      http.steadyCreate.latencyP99Ms,
      HTTP_TARGETS.steadyCreateP99Ms,
    ),
    {
      ...latencyCheck(
        `first offer on the live stream after the create's response, p99 at ${STEADY_CREATE_RATE}/s`,
        firstOffer?.p99Ms ?? Number.POSITIVE_INFINITY,
        HTTP_TARGETS.steadyFirstOfferP99Ms,
      ),
      // Every offer made must have been seen: a lost one is a failure, not a fast figure.
      ...(firstOffer?.lost ? { met: false } : {}),
    },
  ];
}

/** Each measured route next to the floor run made just before it. */
function httpRows(http: HttpResult): { route: string; summary: LoadSummary; floor: LoadSummary | undefined }[] {
  const pair = (route: string, floorRoute: string, measured: Measured) => [
    { route: floorRoute, summary: measured.floor, floor: measured.floor },
    { route, summary: measured.route, floor: measured.floor },
  ];
  return [
    ...pair(
      'GET /bench/read-floor (inside Ponte: the floor SELECT through its whole stack)',
      'floor GET (bare Fastify + pg, one PK select)',
      http.readFloor,
    ),
    ...pair('GET /api/requests?limit=20 (a teacher)', 'floor GET', http.requesterList),
    ...pair('GET /api/requests, one language, four weeks (a coordinator)', 'floor GET', http.coordinatorList),
    ...pair('GET /api/offers?status=pending (a mediator)', 'floor GET', http.offers),
    ...pair('POST /api/requests (create + first wave)', 'floor POST (bare Fastify + pg, one INSERT)', http.create),
    {
      route: 'POST /bench/create-floor (inside Ponte: the least a create can do)',
      summary: http.createFloor,
      floor: http.create.floor,
    },
    {
      route: `POST /api/requests at a steady ${STEADY_CREATE_RATE}/s (open loop)`,
      summary: http.steadyCreate,
      floor: undefined,
    },
  ];
}

function textTable(header: string[], rows: string[][]): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ');
  return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)].join('\n');
}

function markdownTable(header: string[], rows: string[][]): string {
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ].join('\n');
}

function candidatesRows(all: CandidatesResult[]): string[][] {
  return all.map((candidates) => [
    candidates.scope,
    `${candidates.requests} × ${candidates.passes}`,
    ms(candidates.p50Ms),
    ms(candidates.p99Ms),
    ms(candidates.maxMs),
    `${ms(candidates.bestOfPassesP50Ms)} / ${ms(candidates.bestOfPassesP99Ms)}`,
    candidates.meanConsidered.toFixed(0),
    candidates.meanEligible.toFixed(0),
  ]);
}
const CANDIDATES_HEADER = [
  'ranking for',
  'requests × passes',
  'p50',
  'p99',
  'max',
  'best pass p50 / p99',
  'mediators considered (mean)',
  'eligible (mean)',
];

const HTTP_HEADER = ['route', 'req/s', '2xx/s', 'p50', 'p99', '2xx/s ÷ the floor', 'non-2xx / errors'];
function httpTableRows(http: HttpResult): string[][] {
  return httpRows(http).map(({ route, summary, floor }) => [
    route,
    summary.requestsPerSecond.toFixed(0),
    summary.successesPerSecond.toFixed(0),
    `${summary.latencyP50Ms} ms`,
    `${summary.latencyP99Ms} ms`,
    floor ? formatRatio(ratio(summary, floor)) : '',
    `${summary.non2xx} / ${summary.errors}`,
  ]);
}

function httpNotes(http: HttpResult): string {
  const check = http.createCheck;
  const firstOffer = http.steadyCreate.firstOffer;
  return (
    `The create runs made ${check.requestsCreated} requests (${check.meanOffersPerRequest.toFixed(2)} offers each on average; statuses ${JSON.stringify(check.statuses)}). ` +
    `Steady create: ${firstOffer ? `${firstOffer.delivered} of ${firstOffer.created} creates' first offers seen on ${http.listeners} mediators' live streams (${firstOffer.created - firstOffer.delivered - (firstOffer.lost ?? 0)} had nobody to offer to, ${firstOffer.lost ?? 0} lost), p50 ${firstOffer.p50Ms} ms, p99 ${firstOffer.p99Ms} ms, max ${firstOffer.maxMs} ms after the create's response` : 'no live figure'}. ` +
    `Lists: the teacher's page has ${http.listsListed.requester} requests, the coordinator's ${http.listsListed.coordinator} of ${http.listsListed.coordinatorTotal}; the offers mediator's ${http.offersListed} pending offers.`
  );
}

const TARGET_HEADER = ['figure', 'value', 'target', 'result'];
const targetRows = (report: BenchReport) =>
  targetChecks(report).map((check) => [check.figure, check.value, check.target, check.met ? 'PASS' : 'FAIL']);

export function printReport(report: BenchReport): void {
  const { http } = report;
  console.log('\n(a) Candidates: dispatcher.rank, database prefilter + ranking, one request at a time');
  console.log(textTable(CANDIDATES_HEADER, candidatesRows(report.candidates)));
  console.log(`\n(b) HTTP: 50 connections, 10 s per run, database pool of ${http.poolSize}`);
  console.log(textTable(HTTP_HEADER, httpTableRows(http)));
  console.log(`    ${httpNotes(http)}`);
  console.log('\nTargets');
  console.log(textTable(TARGET_HEADER, targetRows(report)));
}

const RESULTS_START = '<!-- bench:results:start (written by `pnpm bench`; edit outside these markers) -->';
const RESULTS_END = '<!-- bench:results:end -->';

function markdownResults(report: BenchReport): string {
  const { machine, http } = report;
  const sizes = Object.entries(report.tableSizes)
    .map(([table, rows]) => `${table} ${rows.toLocaleString('en-US')}`)
    .join(', ');
  return [
    RESULTS_START,
    `Last run: ${report.finishedAt.toISOString()} — \`${report.command}\``,
    '',
    `Machine: ${machine.cores} cores (${machine.cpuModel}), Node ${machine.node}, ${machine.postgres} (reached over ${machine.connection}); the app, the floor server, PostgreSQL and autocannon share the cores. ` +
      `One-minute load average during the run: ${report.loadAverage.min.toFixed(1)}–${report.loadAverage.max.toFixed(1)}.`,
    '',
    `Data set after seeding: ${sizes}. Largest language pools (mediators): ${report.largestLanguagePools.map(([code, count]) => `${code} ${count}`).join(', ')}.`,
    '',
    '### (a) Candidates: `dispatcher.rank` end to end (database prefilter + pure ranking)',
    '',
    markdownTable(CANDIDATES_HEADER, candidatesRows(report.candidates)),
    '',
    `The first ranking of each fresh dispatcher loads the in-memory roster (${report.candidates.length > 0 ? report.candidates.map((result) => `${result.firstRankingMs.toFixed(0)} ms`).join(', ') : 'not measured'}); ` +
      'the measured rankings reuse it, as a running instance does until the roster changes.',
    '',
    `### (b) HTTP: 50 connections, 10 s per run, app pool of ${http.poolSize} connections`,
    '',
    markdownTable(HTTP_HEADER, httpTableRows(http)),
    '',
    httpNotes(http),
    '',
    '### Targets',
    '',
    markdownTable(TARGET_HEADER, targetRows(report)),
    RESULTS_END,
  ].join('\n');
}

/** Replaces the generated block of BENCHMARKS.md, keeping the hand-written analysis around it. */
export async function writeBenchmarksFile(path: string, report: BenchReport): Promise<void> {
  const block = markdownResults(report);
  const existing = existsSync(path) ? await readFile(path, 'utf8') : '# Benchmarks\n\n';
  const start = existing.indexOf(RESULTS_START);
  const end = existing.indexOf(RESULTS_END);
  const updated =
    start >= 0 && end > start
      ? existing.slice(0, start) + block + existing.slice(end + RESULTS_END.length)
      : `${existing.trimEnd()}\n\n${block}\n`;
  await writeFile(path, updated);
}
