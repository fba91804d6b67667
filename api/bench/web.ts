/**
 * `pnpm bench` part (d): the app as a phone receives it. Starts the built app on the embedded database
 * with the demo data, then in the Debian Chromium
 *  - loads each page cold (empty cache, signed in where it needs it) and sums the bytes that crossed the
 *    network, JavaScript apart;
 *  - runs Lighthouse (mobile profile, simulated slow 4G) on the sign-in page and the mediator's offers.
 * Prints each figure beside its target and exits 1 when one is missed.
 */
import { writeFile } from 'node:fs/promises';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { chromium, type Browser, type Page, type Request } from 'playwright-core';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { DEMO_PASSWORD } from '../src/db/demo-data.js';
import { spaDist } from '../src/plugins/spa.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_FLAGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-sync'];

export const WEB_TARGETS = {
  signInScriptKb: 150,
  pageScriptKb: 250,
  lighthousePerformance: 95,
  lighthouseLcpMs: 2500,
};

interface PageVisit {
  label: string;
  path: string;
  /** The demo account to sign in with first; none for a public page. */
  account?: string;
}

const PAGES: PageVisit[] = [
  { label: 'sign-in', path: '/login' },
  { label: 'mediator: offers', path: '/offers', account: 'mediatrice@ponte.demo' },
  { label: 'mediator: agenda', path: '/agenda', account: 'mediatrice@ponte.demo' },
  { label: 'mediator: availability', path: '/availability', account: 'mediatrice@ponte.demo' },
  { label: 'teacher: requests', path: '/requests', account: 'docente@ponte.demo' },
  { label: 'teacher: new request', path: '/requests/new', account: 'docente@ponte.demo' },
  { label: 'coordinator: dashboard', path: '/coordinator', account: 'coordinatrice@ponte.demo' },
  { label: 'coordinator: requests', path: '/coordinator/requests', account: 'coordinatrice@ponte.demo' },
  { label: 'coordinator: mediators', path: '/coordinator/mediators', account: 'coordinatrice@ponte.demo' },
  { label: 'coordinator: reports', path: '/coordinator/reports', account: 'coordinatrice@ponte.demo' },
];

interface Transfer {
  label: string;
  scriptBytes: number;
  allBytes: number;
  requests: number;
}

async function signIn(page: Page, baseURL: string, email: string) {
  await page.goto(`${baseURL}/login`);
  await page.getByLabel(/email/i).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: /accedi|sign in/i }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

/** One cold load of a page (a fresh context: nothing cached), counting the encoded bytes of each answer. */
async function measureTransfer(browser: Browser, baseURL: string, visit: PageVisit): Promise<Transfer> {
  let storageState: Awaited<ReturnType<import('playwright-core').BrowserContext['storageState']>> | undefined;
  if (visit.account) {
    const signing = await browser.newContext({ baseURL });
    await signIn(await signing.newPage(), baseURL, visit.account);
    storageState = await signing.storageState();
    await signing.close();
  }
  const context = await browser.newContext({ baseURL, storageState, viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  const sizes: Promise<{ script: boolean; bytes: number }>[] = [];
  const onFinished = (request: Request) => {
    sizes.push(
      request.sizes().then((size) => ({
        script: request.resourceType() === 'script',
        bytes: size.responseBodySize + size.responseHeadersSize,
      })),
    );
  };
  page.on('requestfinished', onFinished);
  await page.goto(visit.path, { waitUntil: 'networkidle' });
  page.off('requestfinished', onFinished);
  const finished = await Promise.all(sizes);
  await context.close();
  return {
    label: visit.label,
    scriptBytes: finished.filter((entry) => entry.script).reduce((sum, entry) => sum + entry.bytes, 0),
    allBytes: finished.reduce((sum, entry) => sum + entry.bytes, 0),
    requests: finished.length,
  };
}

interface LighthouseFigures {
  label: string;
  performance: number;
  lcpMs: number;
  tbtMs: number;
}

/** Lighthouse's mobile run on one page; a signed-in page gets its session from playwright on the same Chromium. */
async function runLighthouse(baseURL: string, visit: PageVisit): Promise<LighthouseFigures> {
  const chrome = await chromeLauncher.launch({ chromePath: CHROMIUM, chromeFlags: CHROMIUM_FLAGS });
  try {
    if (visit.account) {
      const browser = await chromium.connectOverCDP(`http://127.0.0.1:${chrome.port}`);
      const context = browser.contexts()[0]!;
      const page = await context.newPage();
      await signIn(page, baseURL, visit.account);
      // Keep the session cookies, drop the cache: Lighthouse must see a cold load.
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.clearBrowserCache');
      await page.close();
      await browser.close();
    }
    const result = await lighthouse(
      `${baseURL}${visit.path}`,
      {
        port: chrome.port,
        output: 'json',
        logLevel: 'error',
        onlyCategories: ['performance'],
        disableStorageReset: Boolean(visit.account),
      },
      undefined,
    );
    if (!result) throw new Error(`Lighthouse gave no result for ${visit.path}`);
    const { lhr } = result;
    if (process.env.BENCH_LIGHTHOUSE_REPORTS)
      await writeFile(
        `${process.env.BENCH_LIGHTHOUSE_REPORTS}/${visit.label.replace(/\W+/g, '-')}.json`,
        JSON.stringify(lhr),
      );
    if (lhr.runtimeError)
      throw new Error(`Lighthouse on ${visit.path}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
    return {
      label: visit.label,
      performance: Math.round((lhr.categories.performance?.score ?? 0) * 100),
      lcpMs: lhr.audits['largest-contentful-paint']?.numericValue ?? Number.NaN,
      tbtMs: lhr.audits['total-blocking-time']?.numericValue ?? Number.NaN,
    };
  } finally {
    chrome.kill();
  }
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

export interface WebResult {
  transfers: Transfer[];
  lighthouse: LighthouseFigures[];
  checks: { figure: string; value: string; target: string; met: boolean }[];
}

export async function benchmarkWeb(): Promise<WebResult> {
  const config = loadConfig({ DATA_DIR: 'memory://', SEED: 'demo', SWEEP_INTERVAL_MS: '0', LOG_LEVEL: 'silent' });
  const app = await buildApp({ config, logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const baseURL = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  try {
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
    const transfers: Transfer[] = [];
    try {
      for (const visit of PAGES) transfers.push(await measureTransfer(browser, baseURL, visit));
    } finally {
      await browser.close();
    }
    const audited = [PAGES[0]!, PAGES[1]!];
    const lighthouseFigures: LighthouseFigures[] = [];
    // A Lighthouse run that fails (its trace, say) is tried once more, then reported as a missed figure:
    // the bytes above still print.
    const lighthouseFailures: { figure: string; value: string; target: string; met: boolean }[] = [];
    for (const visit of audited) {
      const attempt = () => runLighthouse(baseURL, visit);
      try {
        lighthouseFigures.push(await attempt().catch(attempt));
      } catch (error) {
        lighthouseFailures.push({
          figure: `Lighthouse, ${visit.label}`,
          value: `failed: ${error instanceof Error ? error.message : String(error)}`,
          target: `performance ≥ ${WEB_TARGETS.lighthousePerformance}, LCP ≤ ${WEB_TARGETS.lighthouseLcpMs / 1000} s`,
          met: false,
        });
      }
    }

    const checks = [
      ...transfers.map((transfer) => {
        const limit = transfer.label === 'sign-in' ? WEB_TARGETS.signInScriptKb : WEB_TARGETS.pageScriptKb;
        return {
          figure: `JavaScript transferred, ${transfer.label}`,
          value: kb(transfer.scriptBytes),
          target: `≤ ${limit} KB`,
          met: transfer.scriptBytes <= limit * 1024,
        };
      }),
      ...lighthouseFigures.flatMap((figures) => [
        {
          figure: `Lighthouse performance, ${figures.label}`,
          value: String(figures.performance),
          target: `≥ ${WEB_TARGETS.lighthousePerformance}`,
          met: figures.performance >= WEB_TARGETS.lighthousePerformance,
        },
        {
          figure: `Lighthouse LCP, ${figures.label}`,
          value: `${(figures.lcpMs / 1000).toFixed(2)} s`,
          target: `≤ ${WEB_TARGETS.lighthouseLcpMs / 1000} s`,
          met: figures.lcpMs <= WEB_TARGETS.lighthouseLcpMs,
        },
      ]),
      ...lighthouseFailures,
    ];
    return { transfers, lighthouse: lighthouseFigures, checks };
  } finally {
    await app.close();
  }
}

export function printWebResult(result: WebResult) {
  console.log('\nBytes per page (cold load, compressed as sent, headers included)');
  console.table(
    result.transfers.map((transfer) => ({
      page: transfer.label,
      JavaScript: kb(transfer.scriptBytes),
      everything: kb(transfer.allBytes),
      requests: transfer.requests,
    })),
  );
  console.log('Lighthouse 12.2.3, mobile (simulated slow 4G, 4× CPU slowdown)');
  console.table(
    result.lighthouse.map((figures) => ({
      page: figures.label,
      performance: figures.performance,
      LCP: `${(figures.lcpMs / 1000).toFixed(2)} s`,
      TBT: `${figures.tbtMs.toFixed(0)} ms`,
    })),
  );
  for (const check of result.checks)
    console.log(`${check.met ? '✓' : '✗'} ${check.figure}: ${check.value} (target ${check.target})`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (!(await import('node:fs')).existsSync(`${spaDist}/index.html`)) {
    console.error('No built web app: run `pnpm build` first.');
    process.exit(1);
  }
  const result = await benchmarkWeb();
  printWebResult(result);
  process.exit(result.checks.every((check) => check.met) ? 0 : 1);
}
