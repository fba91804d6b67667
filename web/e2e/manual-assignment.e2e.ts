/// <reference lib="dom" />
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage } from './browser';
import {
  apiAs,
  COORDINATOR,
  requestBody,
  romeDaysAhead,
  signInAs,
  SOCIAL_WORKER,
  type RequestDetailJson,
} from './support';

/**
 * Nobody speaks Tigrinya in Trezzo: Senait Tesfay speaks it but serves Vimercate only, Dawit Mekonnen
 * works in Seregno and has no social-services qualification. The social worker's request goes unfilled
 * at once, and the coordinator assigns Senait by hand, past the warning that she is outside the rules.
 */
let browser: Browser;
let request: RequestDetailJson;

beforeAll(async () => {
  browser = await launchBrowser();
  const socialWorker = await apiAs(SOCIAL_WORKER);
  request = await socialWorker.call<RequestDetailJson>(
    'POST',
    '/api/requests',
    requestBody({
      serviceType: 'social_interview',
      languageCode: 'ti',
      mode: 'in_person',
      startsAt: romeDaysAhead(4, '10:00'),
      durationMinutes: 90,
    }),
  );
});
afterAll(async () => browser.close());

describe('a coordinator assigns an unfilled request by hand', () => {
  it('finds it under “Senza copertura”, sees nobody eligible, and assigns an excluded mediator anyway after a warning', async () => {
    expect(request.status).toBe('unfilled');

    const { page, context } = await openPage(browser);
    await signInAs(page, COORDINATOR);
    await page.getByRole('link', { name: 'Coordinamento', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Cruscotto del coordinamento' }).waitFor();

    const unfilled = page.getByRole('region', { name: /^Senza copertura/ });
    const row = unfilled.getByRole('row').filter({ hasText: 'Tigrino' }).filter({ hasText: 'Servizio Tutela Minori' });
    await row.waitFor();
    expect(await row.innerText()).toContain('Colloquio al servizio sociale');
    await row.getByRole('link').click();
    await page.waitForURL(`**/coordinator/requests/${request.id}`);
    await page.getByRole('heading', { level: 1, name: 'Colloquio al servizio sociale in Tigrino' }).waitFor();
    expect(await page.locator('.ponte-page-header .ponte-status').innerText()).toBe('Senza copertura');

    // Nobody eligible; the excluded say why, and are open by themselves.
    await page.getByRole('heading', { level: 3, name: 'Disponibili (0)' }).waitFor();
    const excluded = page.getByRole('table', { name: 'Mediatori esclusi e perché' });
    await excluded.waitFor();
    const senait = excluded.getByRole('row', { name: /Senait Tesfay/ });
    expect(await senait.innerText()).toContain('Non copre l’ambito territoriale');

    // Second thoughts are possible: the warning can be dismissed, and the keyboard goes back where it was.
    const dawitButton = excluded.getByRole('button', {
      name: 'Assegna comunque a Dawit Mekonnen, anche se esclusa o escluso…',
    });
    await dawitButton.click();
    const warning = page.getByRole('group', { name: 'Assegnare comunque a Dawit Mekonnen?' });
    await warning.waitFor();
    await warning.getByRole('button', { name: 'Annulla' }).click();
    await expect.poll(() => warning.count()).toBe(0);
    expect(await dawitButton.evaluate((element) => element === document.activeElement)).toBe(true);

    // Senait: the warning names the rule being overridden; the coordinator confirms.
    await excluded
      .getByRole('button', { name: 'Assegna comunque a Senait Tesfay, anche se esclusa o escluso…' })
      .click();
    const senaitWarning = page.getByRole('group', { name: 'Assegnare comunque a Senait Tesfay?' });
    await senaitWarning.waitFor();
    expect(await senaitWarning.evaluate((element) => element === document.activeElement)).toBe(true);
    expect(await senaitWarning.innerText()).toContain('Non copre l’ambito territoriale');
    await senaitWarning.getByRole('button', { name: 'Sì, assegna comunque a Senait Tesfay' }).click();

    await page.getByRole('status').filter({ hasText: 'Richiesta assegnata a Senait Tesfay' }).waitFor();
    await expect.poll(() => page.locator('.ponte-page-header .ponte-status').innerText()).toBe('Assegnata');
    await page.locator('.ponte-dl').getByRole('link', { name: 'Senait Tesfay' }).waitFor();
    await page.getByText('a Senait Tesfay, a mano dal coordinamento').waitFor();
    // No assign buttons any more: an assigned request is not assigned twice.
    expect(await page.getByRole('button', { name: /^Assegna/ }).count()).toBe(0);

    // It holds after a reload, and it left the unfilled list.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Colloquio al servizio sociale in Tigrino' }).waitFor();
    await expect.poll(() => page.locator('.ponte-page-header .ponte-status').innerText()).toBe('Assegnata');
    await page.getByRole('link', { name: 'Cruscotto' }).click();
    await page.getByRole('heading', { level: 1, name: 'Cruscotto del coordinamento' }).waitFor();
    await page.getByRole('region', { name: /^Senza copertura \(\d+\)/ }).waitFor();
    expect(
      await page
        .getByRole('region', { name: /^Senza copertura/ })
        .getByRole('row')
        .filter({ hasText: 'Tigrino' })
        .count(),
    ).toBe(0);

    // The social worker sees who is coming.
    const { page: socialWorker, context: socialContext } = await openPage(browser);
    await signInAs(socialWorker, SOCIAL_WORKER);
    await socialWorker.goto(`/requests/${request.id}`);
    await socialWorker.locator('.ponte-mediator__name', { hasText: 'Senait Tesfay' }).waitFor();

    await Promise.all([context.close(), socialContext.close()]);
  });
});
