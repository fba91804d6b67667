/// <reference lib="dom" />
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, launchBrowser, openPage } from './browser';
import { AMINA, apiAs, nextUrgentStart, pendingOfferFor, requestBody, signInAs, TEACHER } from './support';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => browser.close());

/** Waits until the service worker controls the page (it claims after the first install once reloaded). */
async function withServiceWorker(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  if (!(await page.evaluate(() => Boolean(navigator.serviceWorker.controller)))) {
    await page.reload();
    await page.waitForFunction(() => Boolean(navigator.serviceWorker.controller));
  }
}

describe('the installable app', () => {
  it('serves a manifest with Italian names, standalone display and 192/512/maskable icons', async () => {
    const response = await fetch(`${baseUrl()}/manifest.webmanifest`);
    expect(response.status).toBe(200);
    const manifest = (await response.json()) as {
      name: string;
      short_name: string;
      start_url: string;
      display: string;
      theme_color: string;
      icons: { src: string; sizes: string; purpose?: string }[];
    };
    expect(manifest).toMatchObject({
      short_name: 'Ponte',
      start_url: '/',
      display: 'standalone',
      theme_color: '#0066cc',
    });
    expect(manifest.name).toMatch(/mediazione linguistico-culturale/);
    expect(manifest.icons.map((icon) => `${icon.sizes} ${icon.purpose}`)).toEqual([
      '192x192 any',
      '512x512 any',
      '512x512 maskable',
    ]);
    for (const icon of manifest.icons) {
      const png = await fetch(`${baseUrl()}${icon.src}`);
      expect(png.headers.get('content-type')).toBe('image/png');
    }
  });

  it('is installable: Chromium finds no installability error once the service worker runs', async () => {
    // Not an incognito context (Chromium never installs from one): a profile of its own, like a phone's browser.
    const profile = await mkdtemp(join(tmpdir(), 'ponte-pwa-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-sync'],
      baseURL: baseUrl(),
    });
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto('/login');
    await withServiceWorker(page);
    const cdp = await context.newCDPSession(page);
    const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as {
      installabilityErrors: { errorId: string }[];
    };
    expect(installabilityErrors).toEqual([]);
    await context.close();
    await rm(profile, { recursive: true, force: true });
  });

  it('shows a pushed offer as a notification with a "Vedi" action; its click opens the offer, signed in', async () => {
    const { context, page } = await openPage(browser);
    await context.grantPermissions(['notifications'], { origin: baseUrl() });
    await signInAs(page, AMINA);
    await page.goto('/offers');
    await withServiceWorker(page);
    const cdp = await context.newCDPSession(page);
    const registrationId = new Promise<string>((resolve) => {
      cdp.on(
        'ServiceWorker.workerRegistrationUpdated',
        (event: { registrations: { registrationId: string; isDeleted: boolean }[] }) => {
          const live = event.registrations.find((registration) => !registration.isDeleted);
          if (live) resolve(live.registrationId);
        },
      );
    });
    await cdp.send('ServiceWorker.enable');
    const offerId = '0b1f6a2e-8a4c-4f0e-9a6b-2f3c4d5e6f70';
    const payload = {
      type: 'offer',
      title: 'Urgente: nuova richiesta · Arabo',
      body: 'Arabo · Vimercate · mar 9 mar 10:00',
      url: `/offers/${offerId}`,
      offerId,
      requestId: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
    };
    await cdp.send('ServiceWorker.deliverPushMessage', {
      origin: baseUrl(),
      registrationId: await registrationId,
      data: JSON.stringify(payload),
    });
    await expect
      .poll(
        () =>
          page.evaluate(async () => {
            const registration = await navigator.serviceWorker.ready;
            return (await registration.getNotifications()).map((notification) => ({
              title: notification.title,
              tag: notification.tag,
              url: (notification.data as { url: string }).url,
              actions: (notification as unknown as { actions: { action: string; title: string }[] }).actions,
            }));
          }),
        { timeout: 10_000 },
      )
      .toEqual([
        {
          title: payload.title,
          tag: `offer-${offerId}`,
          url: payload.url,
          actions: [expect.objectContaining({ action: 'view', title: 'Vedi' })],
        },
      ]);

    // Chromium shows no notification a test can tap, so the worker's own notificationclick listener is
    // given the notification it showed, with the "Vedi" action: the open Ponte window goes to the offer.
    const [worker] = context.serviceWorkers();
    if (!worker) throw new Error('no service worker in the context');
    await worker.evaluate(async () => {
      // The worker's globals (this file is typed for the page, not for a worker).
      const scope = self as unknown as {
        registration: ServiceWorkerRegistration;
        dispatchEvent(event: Event): boolean;
        NotificationEvent: new (type: string, init: { notification: Notification; action: string }) => Event;
      };
      const [notification] = await scope.registration.getNotifications();
      if (!notification) throw new Error('the notification is gone');
      scope.dispatchEvent(new scope.NotificationEvent('notificationclick', { notification, action: 'view' }));
    });
    await page.waitForURL(`${baseUrl()}/offers/${offerId}`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/offers/${offerId}`);
    await context.close();
  });

  it('offline, the offers inbox shows the last offers it loaded with the offline banner', async () => {
    const teacher = await apiAs(TEACHER);
    const amina = await apiAs(AMINA);
    // urgent-dispatch.e2e.ts books Amina at the first urgent start: three hours later she is free again.
    const first = nextUrgentStart();
    const later = nextUrgentStart(Date.now(), 65 + 180);
    const start = later.instant === first.instant ? { instant: first.instant + 3 * 3_600_000 } : later;
    const created = await teacher.call<{ id: string }>(
      'POST',
      '/api/requests',
      requestBody({ languageCode: 'ar', startsAt: new Date(start.instant).toISOString() }),
    );
    try {
      await pendingOfferFor(amina, created.id);
      const { context, page } = await openPage(browser);
      await signInAs(page, AMINA);
      await page.goto('/offers');
      await withServiceWorker(page);
      await page.getByRole('heading', { level: 1 }).waitFor();
      const cards = page.locator('.ponte-list > li');
      await cards.first().waitFor();
      const online = await cards.count();
      expect(online).toBeGreaterThan(0);

      await context.setOffline(true);
      await page.reload();
      await page.getByText(/^Sei offline: questo elenco è aggiornato alle \d\d:\d\d\.$/).waitFor({ timeout: 15_000 });
      await expect.poll(() => cards.count()).toBe(online);
      await page.getByText('Accettare, rifiutare e aggiornare richiedono la connessione.').waitFor();
      await context.setOffline(false);
      await context.close();
    } finally {
      await teacher.call('POST', `/api/requests/${created.id}/cancel`, { reason: 'fine del test' });
    }
  });
});
