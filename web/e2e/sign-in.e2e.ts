import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launchBrowser, openPage, signIn } from './browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => browser.close());

describe('sign-in', () => {
  it.each([
    ['coordinatrice@ponte.demo', 'Giulia Ferraresi'],
    ['docente@ponte.demo', 'Marco Brambilla'],
    ['assistente.sociale@ponte.demo', 'Chiara Colombo'],
    ['mediatrice@ponte.demo', 'Amina El Idrissi'],
  ])('signs %s in, keeps the session across a reload, and signs out', async (email, name) => {
    const { context, page } = await openPage(browser);
    await signIn(page, email);
    await expect.poll(() => page.getByText(name).first().isVisible()).toBe(true);
    await page.reload();
    await expect.poll(() => page.getByText(name).first().isVisible()).toBe(true);
    await page.getByRole('button', { name: /esci|sign out/i }).click();
    await page.waitForURL(/\/login/);
    await page.goto('/');
    await page.waitForURL(/\/login/);
    await context.close();
  });

  it('a signed-out visit tries no silent refresh: no request to /api/auth/refresh, no console error', async () => {
    const { context, page } = await openPage(browser);
    const refreshes: string[] = [];
    const consoleErrors: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/api/auth/refresh')) refreshes.push(request.url());
    });
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    await page.goto('/');
    await page.waitForURL(/\/login/);
    await page.getByLabel(/email/i).waitFor();
    expect(refreshes).toEqual([]);
    expect(consoleErrors).toEqual([]);

    // Signed in once, the next visit restores the session; signed out, it tries nothing again.
    await signIn(page, 'docente@ponte.demo');
    await page.goto('/');
    await expect.poll(() => page.getByText('Marco Brambilla').first().isVisible()).toBe(true);
    expect(refreshes).toHaveLength(1);
    await page.getByRole('button', { name: /esci|sign out/i }).click();
    await page.waitForURL(/\/login/);
    await page.goto('/');
    await page.waitForURL(/\/login/);
    expect(refreshes).toHaveLength(1);
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  it('says so when the password is wrong', async () => {
    const { context, page } = await openPage(browser);
    await page.goto('/login');
    await page.getByLabel(/email/i).fill('docente@ponte.demo');
    await page.getByLabel('Password', { exact: true }).fill('not-the-password');
    await page.getByRole('button', { name: /accedi/i }).click();
    await expect.poll(() => page.getByRole('alert').first().textContent()).toMatch(/errat/i);
    await context.close();
  });

  it('the sign-in page is accessible (axe: no serious or critical violation)', async () => {
    const { context, page } = await openPage(browser);
    await page.goto('/login');
    await page.getByLabel(/email/i).waitFor();
    await expectAccessible(page);
    await context.close();
  });
});
