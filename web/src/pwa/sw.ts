/// <reference lib="webworker" />
/**
 * Ponte's service worker (built by vite-plugin-pwa's injectManifest into /sw.js): the app shell
 * offline, the update prompt's skip-waiting, and the push notifications of API.md "Phones".
 * Typed by tsconfig.sw.json (WebWorker), not by the app's DOM config.
 */
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { notificationFor, PUSH_SUBSCRIPTION_CHANGED, targetUrl, type NotificationData } from './notification';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: (string | { url: string; revision: string | null })[] };

// The built app (HTML, scripts, styles, fonts, icons), versioned by Workbox: it loads with no network.
precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

// Every page of the SPA is index.html; the API and its docs always go to the network.
registerRoute(new NavigationRoute(createHandlerBoundToURL('/index.html'), { denylist: [/^\/api\//, /^\/docs/] }));

// The page's "update available" prompt: the new worker takes over only when the person says so.
self.addEventListener('message', (event) => {
  if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});

self.addEventListener('push', (event) => {
  const shown = notificationFor(event.data?.text() ?? '');
  if (!shown) return;
  event.waitUntil(self.registration.showNotification(shown.title, shown.options));
});

// The push service renewed or dropped the subscription: subscribe again with the same server key, then
// tell the open Ponte pages, whose push device registers the new endpoint (the session is theirs).
self.addEventListener('pushsubscriptionchange', (event) => {
  const change = event as PushSubscriptionChangeEvent;
  change.waitUntil(
    (async () => {
      const key = change.oldSubscription?.options.applicationServerKey;
      if (!change.newSubscription && key) {
        await self.registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key });
      }
      const windows = await self.clients.matchAll({ type: 'window' });
      for (const client of windows) client.postMessage({ type: PUSH_SUBSCRIPTION_CHANGED });
    })(),
  );
});

// A tap (or "Vedi") opens the page the notification is about, in a Ponte window if one is open. It
// never answers an offer: accepting is a choice made on the offer's page.
self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const url = new URL(targetUrl(event.notification.data as NotificationData | undefined), self.location.origin).href;
  event.waitUntil(
    (async () => {
      const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
      const own = windows.find((client) => new URL(client.url).origin === self.location.origin);
      if (own) {
        const navigated = await own.navigate(url).catch(() => null);
        await (navigated ?? own).focus();
        return;
      }
      await self.clients.openWindow(url);
    })(),
  );
});
