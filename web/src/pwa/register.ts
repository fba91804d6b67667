import { ref } from 'vue';
import { Workbox } from 'workbox-window';
import { PUSH_SUBSCRIPTION_CHANGED } from './notification';
import { createPushDevice } from './push-device';

/** A new version of Ponte is installed and waiting: the update prompt shows while this is true. */
export const updateWaiting = ref(false);
let workbox: Workbox | undefined;

/**
 * Registers the service worker of the production build (/sw.js, from src/pwa/sw.ts). A new version
 * waits until the person chooses "Aggiorna ora" (nothing they are typing is lost to a reload); the
 * page reloads once the new worker controls it. Development has no service worker.
 */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return;
  workbox = new Workbox('/sw.js', { scope: '/' });
  workbox.addEventListener('waiting', () => {
    updateWaiting.value = true;
  });
  workbox.addEventListener('controlling', (event) => {
    if (event.isUpdate) window.location.reload();
  });
  void workbox.register().catch(() => undefined);
  // The push service renewed this device's subscription: the worker subscribed again, the page tells the API.
  navigator.serviceWorker.addEventListener('message', (event: MessageEvent<{ type?: string } | null>) => {
    if (event.data?.type === PUSH_SUBSCRIPTION_CHANGED)
      void createPushDevice()
        .resync()
        .catch(() => undefined);
  });
  // A phone keeps the app open for days: look for a new version whenever it comes back to the front.
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') void workbox?.update().catch(() => undefined);
  });
}

/** "Aggiorna ora": the waiting worker takes over, then the page reloads (the `controlling` event). */
export function applyUpdate(): void {
  if (!workbox) return;
  workbox.messageSkipWaiting();
}
