import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage } from './browser';
import { apiAs, signInAs, SOCIAL_WORKER } from './support';

/** The social worker's account (no other scenario drives her screens, so her language is free to change). */
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  // Whatever happened, the account speaks Italian again for the next run's other scenarios.
  await (await apiAs(SOCIAL_WORKER)).call('PATCH', '/api/me', { locale: 'it' });
  await browser.close();
});

const htmlLang = (page: Page) => page.evaluate(() => document.documentElement.lang);
const pressed = (page: Page, name: string) => page.getByRole('button', { name }).getAttribute('aria-pressed');

describe('Italian ↔ English', () => {
  it('switches in the header, stays English after a reload and on another device, and switches back', async () => {
    const { page, context } = await openPage(browser);
    await signInAs(page, SOCIAL_WORKER);
    await page.getByRole('heading', { level: 1, name: 'Ti diamo il benvenuto, Chiara Colombo' }).waitFor();
    expect(await htmlLang(page)).toBe('it');
    expect(await pressed(page, 'IT – Italiano')).toBe('true');

    // ── To English ──
    await page.getByRole('group', { name: 'Lingua' }).getByRole('button', { name: 'EN – English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Welcome, Chiara Colombo' }).waitFor();
    expect(await htmlLang(page)).toBe('en');
    expect(await pressed(page, 'EN – English')).toBe('true');
    expect(await pressed(page, 'IT – Italiano')).toBe('false');
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'New request' }).waitFor();
    expect(await page.title()).toBe('Home · Ponte');

    await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Requests' }).click();
    await page.getByRole('heading', { level: 1, name: 'Requests' }).waitFor();
    await page.getByRole('group', { name: 'Filter by status' }).getByRole('button', { name: 'Unfilled' }).waitFor();

    // ── A reload keeps it (the device remembers it, and so does the account) ──
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Requests' }).waitFor();
    expect(await htmlLang(page)).toBe('en');
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    expect(await page.getByText('Esci', { exact: true }).count()).toBe(0);

    // The new-request form too, in English, down to its validation messages.
    await page.getByRole('link', { name: 'New request' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'New mediation request' }).waitFor();
    await page.getByRole('button', { name: 'Send the request' }).click();
    expect(await page.getByText('This field is required').count()).toBeGreaterThan(0);

    // ── Another device: the account's language wins after signing in ──
    const { page: other, context: otherContext } = await openPage(browser);
    await signInAs(other, SOCIAL_WORKER);
    await other.getByRole('heading', { level: 1, name: 'Welcome, Chiara Colombo' }).waitFor();
    await otherContext.close();

    // ── And back to Italian ──
    await page.getByRole('button', { name: 'IT – Italiano' }).click();
    await page.getByRole('heading', { level: 1, name: 'Nuova richiesta di mediazione' }).waitFor();
    expect(await htmlLang(page)).toBe('it');
    // Errors already shown are translated too (they are kept as message keys).
    expect(await page.getByText('Campo obbligatorio').count()).toBeGreaterThan(0);
    expect(await page.getByText('This field is required').count()).toBe(0);
    await page.getByRole('button', { name: 'Esci' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Nuova richiesta di mediazione' }).waitFor();
    expect(await htmlLang(page)).toBe('it');
    await context.close();
  });
});
