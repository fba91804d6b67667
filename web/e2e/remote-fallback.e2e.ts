/// <reference lib="dom" />
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage } from './browser';
import {
  addDays,
  apiAs,
  COORDINATOR,
  pendingOfferFor,
  romeWall,
  signInAs,
  TEACHER,
  type RequestDetailJson,
} from './support';

/**
 * Issue 16, points 2 and 3, in the demo data. Nobody can come to Vimercate for Tamil on a weekday
 * morning: Nuwan Perera serves Vimercate but works afternoons, Tharshini Ravi works by phone and video
 * only, from Seregno. The teacher allows a phone call; the request goes on by phone at once and reaches
 * Tharshini. Then the coordinator excludes Tharshini from a case on her page, and removes it again.
 */
let browser: Browser;

/** A Tuesday to Thursday at least five days ahead: a planned search, on a weekday morning. */
function weekdayAhead(): string {
  const today = romeWall(Date.now()).date;
  for (let days = 5; ; days += 1) {
    const date = addDays(today, days);
    const weekday = new Date(`${date}T12:00:00Z`).getUTCDay();
    if (weekday >= 2 && weekday <= 4) return date;
  }
}

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => browser.close());

describe('the remote fallback and case exclusions', () => {
  it('a teacher allows a phone call; nobody can come, so the request goes on by phone and reaches a remote mediator', async () => {
    const { page: teacher } = await openPage(browser);
    await signInAs(teacher, TEACHER);
    await teacher.goto('/requests/new');
    await teacher.getByRole('heading', { level: 1, name: 'Nuova richiesta di mediazione' }).waitFor();
    await teacher.getByText('Colloquio scuola-famiglia', { exact: true }).click();
    await teacher.getByLabel('Lingua della famiglia').selectOption({ label: 'Tamil' });
    await teacher.getByLabel('Data', { exact: true }).fill(weekdayAhead());
    await teacher.getByLabel('Ora di inizio').fill('10:00');
    await teacher.getByLabel('Durata prevista').selectOption({ label: '1 h' });
    await teacher.getByLabel('Telefono della persona di riferimento').fill('039 608 0100');
    // Bootstrap Italia draws the box on the label: people click the words.
    await teacher.getByText('Se nessuno può venire, va bene anche al telefono / in video', { exact: true }).click();
    await expect
      .poll(() => teacher.getByLabel('Se nessuno può venire, va bene anche al telefono / in video').isChecked())
      .toBe(true);
    const fallbackModes = teacher.getByRole('group', { name: 'Come, se nessuno può venire?' });
    expect(await fallbackModes.getByRole('radio', { name: 'Al telefono' }).isChecked()).toBe(true);

    const created = teacher.waitForResponse(
      (response) => new URL(response.url()).pathname === '/api/requests' && response.request().method() === 'POST',
    );
    await teacher.getByRole('button', { name: 'Invia la richiesta' }).click();
    const response = await created;
    expect(response.status()).toBe(201);
    const request = (await response.json()) as RequestDetailJson & { mode: string; originalMode: string | null };
    expect(request).toMatchObject({ status: 'searching', mode: 'phone', originalMode: 'in_person' });
    await teacher.waitForURL(/\/requests\/[0-9a-f-]{36}\?created=1$/);

    await teacher.getByText('Chiesta in presenza — Nessuno poteva venire di persona').waitFor();
    await teacher.getByText('Nessuno poteva venire di persona: la ricerca prosegue al telefono').waitFor();

    const tharshini = await apiAs('tharshini.ravi@ponte.demo');
    const offer = await pendingOfferFor(tharshini, request.id);
    expect(offer.request).toMatchObject({ mode: 'phone' });
  });

  it('a coordinator excludes a mediator from a case on her page, sees it listed by case reference only, and removes it', async () => {
    const coordinatorApi = await apiAs(COORDINATOR);
    const mediators = await coordinatorApi.call<{ items: { id: string; fullName: string }[] }>(
      'GET',
      '/api/mediators?language=ta',
    );
    const tharshini = mediators.items.find((mediator) => mediator.fullName === 'Tharshini Ravi');
    expect(tharshini).toBeDefined();

    const { page } = await openPage(browser);
    await signInAs(page, COORDINATOR);
    await page.goto(`/coordinator/mediators/${tharshini!.id}`);
    await page.getByRole('heading', { level: 2, name: 'Casi esclusi' }).waitFor();
    await page.getByText('Nessun caso escluso.').waitFor();

    await page.getByLabel('Ente').selectOption({ label: 'IC Don Milani Vimercate' });
    await page.getByLabel('Codice del caso').fill('E2E-TA-01');
    await page.getByRole('button', { name: 'Escludi dal caso' }).click();
    await page.getByRole('status').filter({ hasText: 'Esclusione da E2E-TA-01 registrata' }).waitFor();
    const row = page.getByRole('row').filter({ hasText: 'E2E-TA-01' });
    expect(await row.innerText()).toContain('IC Don Milani Vimercate');

    const listed = await coordinatorApi.call<{ total: number }>(
      'GET',
      `/api/case-exclusions?mediatorId=${tharshini!.id}&caseRef=E2E-TA-01`,
    );
    expect(listed.total).toBe(1);

    await row.getByRole('button', { name: 'Togli l’esclusione da E2E-TA-01' }).click();
    await page.getByRole('status').filter({ hasText: 'Esclusione da E2E-TA-01 tolta.' }).waitFor();
    await expect.poll(() => page.getByRole('row').filter({ hasText: 'E2E-TA-01' }).count()).toBe(0);
  });
});
