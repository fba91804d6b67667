/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * Helpers shared by the end-to-end scenarios: talking to the API to arrange data (never to do the step
 * under test), Europe/Rome wall-clock arithmetic for start times, live-stream tracking, and the checks
 * behind the phone and keyboard scenarios.
 */
import type {
  Browser,
  BrowserContext,
  ConsoleMessage,
  Locator,
  Page,
  Request as PageRequest,
  Response as PageResponse,
} from 'playwright-core';
import { expect } from 'vitest';
import { baseUrl, DEMO_PASSWORD } from './browser';

// ── Demo people ─────────────────────────────────────────────────────────────────────────────────────
export const TEACHER = 'docente@ponte.demo';
export const SOCIAL_WORKER = 'assistente.sociale@ponte.demo';
export const COORDINATOR = 'coordinatrice@ponte.demo';
export const AMINA = 'mediatrice@ponte.demo';
export const YOUSSEF = 'mediatore@ponte.demo';
export const IOANA = 'ioana.popescu@ponte.demo';

// ── API (arranging data only) ───────────────────────────────────────────────────────────────────────
export interface ApiSession {
  me: {
    id: string;
    name: string;
    role: string;
    organizationId: string | null;
    mediatorId: string | null;
    locale: string;
  };
  call<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
}

/** Signs in through the API (a separate session from any browser's) and returns a small JSON client. */
export async function apiAs(email: string, password = DEMO_PASSWORD): Promise<ApiSession> {
  const login = await fetch(`${baseUrl()}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (!login.ok) throw new Error(`login ${email}: ${login.status} ${await login.text()}`);
  const { accessToken, user } = (await login.json()) as { accessToken: string; user: ApiSession['me'] };
  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${baseUrl()}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${accessToken}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }
  return { me: user, call };
}

export interface RequestDetailJson {
  id: string;
  status: string;
  startsAt: string;
  durationMinutes: number;
  assignedMediator: { id: string; fullName: string } | null;
}
export interface OfferJson {
  id: string;
  status: string;
  request: { id: string; startsAt: string };
}
export interface AvailabilityJson {
  weekly: { weekday: number; start: string; end: string }[];
  timeOff: { id?: string; startsAt: string; endsAt: string; reason?: string }[];
}

/** A request body with sensible defaults for a requester of the given organization. */
export function requestBody(overrides: Record<string, unknown>) {
  return {
    serviceType: 'school_meeting',
    languageCode: 'ar',
    mode: 'in_person',
    durationMinutes: 60,
    contactName: 'Referente E2E',
    contactPhone: '039 123 4567',
    ...overrides,
  };
}

/** The pending offer a mediator holds for a request; waits for dispatch to send it. */
export async function pendingOfferFor(mediator: ApiSession, requestId: string): Promise<OfferJson> {
  for (let attempt = 0; attempt < 40; attempt += 1) {
    const offers = await mediator.call<OfferJson[]>('GET', '/api/offers?status=pending');
    const offer = offers.find((candidate) => candidate.request.id === requestId);
    if (offer) return offer;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`no pending offer for request ${requestId}`);
}

// ── Europe/Rome wall-clock time ─────────────────────────────────────────────────────────────────────
const ROME = 'Europe/Rome';
const partsFormatter = new Intl.DateTimeFormat('en-US', {
  timeZone: ROME,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

export interface RomeWall {
  /** YYYY-MM-DD */
  date: string;
  /** HH:MM */
  time: string;
  /** ISO weekday, Monday = 1 … Sunday = 7 */
  weekday: number;
}

function wallNumbers(instant: number) {
  const parts: Record<string, number> = {};
  for (const part of partsFormatter.formatToParts(new Date(instant)))
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  return {
    year: parts.year ?? 1970,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: (parts.hour ?? 0) % 24,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

const pad = (value: number) => String(value).padStart(2, '0');

export function romeWall(instant: number | string | Date): RomeWall {
  const ms = new Date(instant).getTime();
  const wall = wallNumbers(ms);
  const weekday = new Date(Date.UTC(wall.year, wall.month - 1, wall.day)).getUTCDay() || 7;
  return {
    date: `${wall.year}-${pad(wall.month)}-${pad(wall.day)}`,
    time: `${pad(wall.hour)}:${pad(wall.minute)}`,
    weekday,
  };
}

/** The instant (ms) at which Rome's clocks show this date and time. */
export function romeInstant(date: string, time: string): number {
  const [year = 0, month = 1, day = 1] = date.split('-').map(Number);
  const [hour = 0, minute = 0] = time.split(':').map(Number);
  const asUtc = Date.UTC(year, month - 1, day, hour, minute);
  let guess = asUtc;
  for (let step = 0; step < 3; step += 1) {
    const wall = wallNumbers(guess);
    const offset =
      Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second) -
      Math.floor(guess / 1000) * 1000;
    guess = asUtc - offset;
  }
  return guess;
}

/** The calendar date `days` after a YYYY-MM-DD date. */
export function addDays(date: string, days: number): string {
  const [year = 0, month = 1, day = 1] = date.split('-').map(Number);
  const next = new Date(Date.UTC(year, month - 1, day + days));
  return `${next.getUTCFullYear()}-${pad(next.getUTCMonth() + 1)}-${pad(next.getUTCDate())}`;
}

/** ISO instant of a Rome wall time `days` from today (Rome's today). */
export function romeDaysAhead(days: number, time: string): string {
  return new Date(romeInstant(addDays(romeWall(Date.now()).date, days), time)).toISOString();
}

/**
 * The next start an urgent request can have whatever the hour: at least `leadMinutes` from now, on a
 * 5-minute mark, between 07:00 and 21:00 Rome time (the demo mediators' on-call day runs 07:00–22:00, so
 * a one-hour meeting fits), and so always less than 24 hours away.
 */
export function nextUrgentStart(now = Date.now(), leadMinutes = 65): RomeWall & { instant: number } {
  const earliest = Math.ceil((now + leadMinutes * 60_000) / 300_000) * 300_000;
  const wall = romeWall(earliest);
  const minutes = Number(wall.time.slice(0, 2)) * 60 + Number(wall.time.slice(3));
  let date = wall.date;
  let time = wall.time;
  if (minutes < 7 * 60) time = '07:00';
  else if (minutes > 21 * 60) {
    date = addDays(wall.date, 1);
    time = '07:00';
  }
  const instant = romeInstant(date, time);
  if (instant - now >= 24 * 3_600_000 || instant - now < 60 * 60_000)
    throw new Error(`bad urgent start ${date} ${time}`);
  return { ...romeWall(instant), instant };
}

/** "09:30–10:30" as the app prints a time range (en dash). */
export function timeRange(startIso: string | number, durationMinutes: number): string {
  const start = new Date(startIso).getTime();
  return `${romeWall(start).time}–${romeWall(start + durationMinutes * 60_000).time}`;
}

// ── Browser ───────────────────────────────────────────────────────────────────────────────────────────
/**
 * browser.ts's signIn, saying what the page showed when it did not leave the sign-in page (a flake is
 * then diagnosable), and not waiting for a `load` event the SPA's in-page navigation never fires again.
 */
export async function signInAs(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  const diagnostics = watchNetwork(page);
  try {
    await page.goto('/login');
    await page.getByLabel(/email/i).fill(email, { timeout: 15_000 });
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByRole('button', { name: /accedi|sign in/i }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/login'), { waitUntil: 'commit', timeout: 15_000 });
  } catch (error) {
    const shown = await page
      .locator('body')
      .innerText({ timeout: 1000 })
      .catch(() => '(no body)');
    throw new Error(
      `${email} could not sign in (at ${page.url()}); the page shows:\n${shown.slice(0, 600)}\n${diagnostics.report()}`,
      { cause: error },
    );
  } finally {
    diagnostics.stop();
  }
}

/** Opens a path and waits for `ready` (what shows the page's data is in); says what the page showed if not. */
export async function visit(page: Page, path: string, ready: (page: Page) => Promise<unknown>): Promise<void> {
  const diagnostics = watchNetwork(page);
  try {
    await page.goto(path);
    await ready(page);
  } catch (error) {
    const shown = await page
      .locator('body')
      .innerText({ timeout: 1000 })
      .catch(() => '(no body)');
    throw new Error(
      `${path} did not get ready (at ${page.url()}); the page shows:\n${shown.slice(0, 800)}\n${diagnostics.report()}`,
      { cause: error },
    );
  } finally {
    diagnostics.stop();
  }
}

/** Records a page's unanswered requests and console errors, for failure messages. */
export function watchNetwork(page: Page) {
  const pending = new Map<PageRequest, string>();
  const log: string[] = [];
  const started = Date.now();
  const stamp = () => `+${Date.now() - started}ms`;
  const onRequest = (request: PageRequest) => {
    pending.set(request, `${request.method()} ${request.url().replace(/access_token=[^&]+/, 'access_token=…')}`);
  };
  const onDone = (request: PageRequest) => pending.delete(request);
  const onFailed = (request: PageRequest) => {
    pending.delete(request);
    log.push(`${stamp()} failed ${request.url()}: ${request.failure()?.errorText}`);
  };
  const onResponse = (response: PageResponse) => {
    if (response.status() >= 400) log.push(`${stamp()} ${response.status()} ${response.url()}`);
  };
  const onConsole = (message: ConsoleMessage) => {
    if (message.type() === 'error' || message.type() === 'warning')
      log.push(`${stamp()} console.${message.type()}: ${message.text()}`);
  };
  const onError = (error: Error) => log.push(`${stamp()} pageerror: ${error.message}`);
  page.on('request', onRequest);
  page.on('requestfinished', onDone);
  page.on('requestfailed', onFailed);
  page.on('response', onResponse);
  page.on('console', onConsole);
  page.on('pageerror', onError);
  return {
    report: () =>
      `unanswered requests: ${[...pending.values()].join(' | ') || 'none'}\nlog:\n${log.join('\n') || '(empty)'}`,
    stop() {
      page.off('request', onRequest);
      page.off('requestfinished', onDone);
      page.off('requestfailed', onFailed);
      page.off('response', onResponse);
      page.off('console', onConsole);
      page.off('pageerror', onError);
    },
  };
}

// ── Live streams, phones, keyboard ──────────────────────────────────────────────────────────────────────
const liveStreams = new WeakMap<Page, number>();

/** Counts the Server-Sent Events streams the page opens (a response is seen when its headers arrive). */
export function trackLiveStreams(page: Page): void {
  if (liveStreams.has(page)) return;
  liveStreams.set(page, 0);
  page.on('response', (response) => {
    if (new URL(response.url()).pathname === '/api/events' && response.status() === 200)
      liveStreams.set(page, (liveStreams.get(page) ?? 0) + 1);
  });
}

/** Runs `action` (a navigation) and waits until the page has a live stream opened after it started. */
export async function withLiveStream(page: Page, action: () => Promise<unknown>): Promise<void> {
  trackLiveStreams(page);
  const before = liveStreams.get(page) ?? 0;
  await action();
  await expect.poll(() => liveStreams.get(page) ?? 0, { timeout: 10_000 }).toBeGreaterThan(before);
}

/** A phone: 360×740 CSS pixels, touch, mobile viewport rules. */
export async function openPhone(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    baseURL: baseUrl(),
    viewport: { width: 360, height: 740 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'it-IT',
    timezoneId: 'Europe/Rome',
  });
  return { context, page: await context.newPage() };
}

/** Marks the document so a later check can tell that the page was not reloaded in between. */
export async function markDocument(page: Page): Promise<void> {
  await page.evaluate(() => {
    (window as unknown as { __ponteE2eMark?: boolean }).__ponteE2eMark = true;
  });
}
export async function expectSameDocument(page: Page): Promise<void> {
  expect(await page.evaluate(() => (window as unknown as { __ponteE2eMark?: boolean }).__ponteE2eMark === true)).toBe(
    true,
  );
}

export interface FocusRing {
  focused: boolean;
  outline: string;
  boxShadow: string;
  /** An outline at least 1 px wide in a colour that is not transparent, or such a box-shadow layer. */
  visible: boolean;
}

/** The element's focus ring as computed: its outline and box-shadow, and whether either can be seen. */
export async function focusRing(locator: Locator): Promise<FocusRing> {
  return locator.evaluate((element) => {
    const alpha = (color: string) => {
      const match = /rgba?\(([^)]+)\)/.exec(color);
      if (!match) return color === 'transparent' ? 0 : 1;
      const parts = (match[1] ?? '').split(/[\s,/]+/).filter(Boolean);
      return parts.length >= 4 ? Number.parseFloat(parts[3] ?? '1') : 1;
    };
    const style = getComputedStyle(element);
    const outlineWidth = Number.parseFloat(style.outlineWidth) || 0;
    const outlineSeen = style.outlineStyle !== 'none' && outlineWidth >= 1 && alpha(style.outlineColor) > 0.5;
    // "rgb(0, 0, 0) 0px 0px 0px 2px, rgb(255, 255, 255) 0px 0px 0px 5px": split on the commas between layers.
    const layers = style.boxShadow === 'none' ? [] : style.boxShadow.split(/,(?![^(]*\))/);
    const shadowSeen = layers.some((layer) => {
      const color = /rgba?\([^)]+\)/.exec(layer)?.[0] ?? 'rgb(0, 0, 0)';
      const lengths =
        layer
          .replace(/rgba?\([^)]+\)/, '')
          .match(/-?[\d.]+px/g)
          ?.map((value) => Math.abs(Number.parseFloat(value))) ?? [];
      return alpha(color) > 0.5 && lengths.some((length) => length >= 1);
    });
    return {
      focused: element === document.activeElement,
      outline: `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}`,
      boxShadow: style.boxShadow,
      visible: outlineSeen || shadowSeen,
    };
  });
}

/** Waits for the focus ring to settle (buttons animate it in), then expects it to be visible, and returns it. */
export async function expectVisibleFocusRing(locator: Locator): Promise<FocusRing> {
  let ring = await focusRing(locator);
  for (let attempt = 0; attempt < 40; attempt += 1) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    const next = await focusRing(locator);
    const settled = next.outline === ring.outline && next.boxShadow === ring.boxShadow;
    ring = next;
    if (settled) break;
  }
  expect(ring.focused, 'the element has the focus').toBe(true);
  expect(ring.visible, `no visible focus ring: outline ${ring.outline}; box-shadow ${ring.boxShadow}`).toBe(true);
  return ring;
}

/** Presses Tab until `target` has the focus (never clicking), failing after `maxPresses`. */
export async function tabTo(page: Page, target: Locator, maxPresses = 80): Promise<number> {
  for (let presses = 1; presses <= maxPresses; presses += 1) {
    await page.keyboard.press('Tab');
    if (await target.evaluate((element) => element === document.activeElement)) return presses;
  }
  throw new Error(`Tab never reached the target after ${maxPresses} presses`);
}

export interface LayoutReport {
  viewport: number;
  scrollWidth: number;
  /** Visible buttons (and links styled as buttons) shorter than 44 px. */
  smallTargets: string[];
  /** Visible controls that stick out of the viewport sideways (unreachable without horizontal scroll). */
  outside: string[];
}

/** What the phone checks need from the current page. */
export async function layoutReport(page: Page): Promise<LayoutReport> {
  return page.evaluate(() => {
    const name = (element: Element) =>
      `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''} "${(element.getAttribute('aria-label') ?? element.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 50)}"`;
    const visible = (element: Element) => {
      const rect = element.getBoundingClientRect();
      const style = getComputedStyle(element);
      return (
        rect.width > 1 &&
        rect.height > 1 &&
        style.visibility !== 'hidden' &&
        style.display !== 'none' &&
        !element.closest('.visually-hidden, [aria-hidden="true"]')
      );
    };
    const viewport = document.documentElement.clientWidth;
    const buttons = [
      ...document.querySelectorAll('button, a.btn, [role="button"], input[type="submit"], summary'),
    ].filter(visible);
    const smallTargets = buttons
      .filter((element) => element.getBoundingClientRect().height < 44 - 0.5)
      .map((element) => `${name(element)} ${element.getBoundingClientRect().height.toFixed(1)}px`);
    const controls = [
      ...document.querySelectorAll(
        'a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex="-1"])',
      ),
    ].filter(visible);
    const outside = controls
      .filter((element) => {
        // Inside a region that scrolls sideways on purpose (a table), reaching it means scrolling that region.
        for (let parent = element.parentElement; parent; parent = parent.parentElement) {
          const overflowX = getComputedStyle(parent).overflowX;
          if ((overflowX === 'auto' || overflowX === 'scroll') && parent.scrollWidth > parent.clientWidth) return false;
        }
        const rect = element.getBoundingClientRect();
        return rect.left < -0.5 || rect.right > viewport + 0.5;
      })
      .map(name);
    return { viewport, scrollWidth: document.documentElement.scrollWidth, smallTargets, outside };
  });
}

/** The phone checks: no sideways scrolling, 44 px targets, every control within reach. */
export async function expectPhoneFriendly(page: Page): Promise<void> {
  const report = await layoutReport(page);
  expect(report.scrollWidth, 'document scrolls sideways').toBeLessThanOrEqual(360);
  expect(report.smallTargets, 'buttons under 44 px').toEqual([]);
  expect(report.outside, 'controls outside the viewport').toEqual([]);
}
