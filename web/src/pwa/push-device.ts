import { PushPublicKey, PushSubscriptionCreated } from '@ponte/shared';
import { api as defaultApi, ApiError, type ApiClient } from '@/api/client';

/** What the switch shows: on, off, blocked by the browser, or not possible in this browser at all. */
export type PushState = 'on' | 'off' | 'blocked' | 'unsupported';

/** The browser's parts the push switch uses, so a test can give its own. */
export interface PushEnvironment {
  supported: boolean;
  permission(): NotificationPermission;
  requestPermission(): Promise<NotificationPermission>;
  /** The service worker's push manager, once a worker is registered (none in development). */
  pushManager(): Promise<PushManager | null>;
  storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
  api: Pick<ApiClient, 'request'>;
}

export function browserPushEnvironment(): PushEnvironment {
  const supported =
    typeof window !== 'undefined' &&
    'serviceWorker' in navigator &&
    'PushManager' in window &&
    'Notification' in window &&
    window.isSecureContext;
  return {
    supported,
    permission: () => (supported ? Notification.permission : 'denied'),
    requestPermission: () => Notification.requestPermission(),
    async pushManager() {
      const registration = await navigator.serviceWorker.getRegistration();
      if (!registration) return null;
      // An installing worker cannot subscribe yet: wait for the active one.
      return (await navigator.serviceWorker.ready).pushManager;
    },
    storage: window.localStorage,
    api: defaultApi,
  };
}

/** The id the API gave this device's subscription, per endpoint: what DELETE needs. */
const idKey = (endpoint: string) => `ponte.push.${endpoint}`;
/** Set while the person wants notifications on this device, whatever endpoint the browser gives it. */
const ON_KEY = 'ponte.push.on';

function applicationServerKey(base64url: string): Uint8Array<ArrayBuffer> {
  const base64 = base64url.replaceAll('-', '+').replaceAll('_', '/');
  const binary = atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, '='));
  const bytes = new Uint8Array(new ArrayBuffer(binary.length));
  for (let index = 0; index < binary.length; index += 1) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

const sameKey = (subscription: PushSubscription, key: Uint8Array) => {
  const current = subscription.options.applicationServerKey;
  if (!current) return false;
  const bytes = new Uint8Array(current);
  return bytes.length === key.length && bytes.every((byte, index) => byte === key[index]);
};

/**
 * This device's push subscription for the signed-in person (API.md, "Phones"). Permission is asked in
 * `turnOn` only — the switch calls it when the person turns it on, never at load.
 */
export function createPushDevice(environment: PushEnvironment = browserPushEnvironment()) {
  const { api, storage } = environment;

  async function register(subscription: PushSubscription): Promise<void> {
    const json = subscription.toJSON();
    const created = await api.request('POST', '/api/push/subscriptions', {
      body: { endpoint: json.endpoint, keys: json.keys },
      schema: PushSubscriptionCreated,
    });
    storage.setItem(idKey(subscription.endpoint), created.id);
    storage.setItem(ON_KEY, '1');
  }

  return {
    async state(): Promise<PushState> {
      if (!environment.supported) return 'unsupported';
      const permission = environment.permission();
      if (permission === 'denied') return 'blocked';
      const manager = await environment.pushManager();
      if (!manager) return 'unsupported';
      if (permission !== 'granted') return 'off';
      const subscription = await manager.getSubscription();
      return subscription && storage.getItem(idKey(subscription.endpoint)) ? 'on' : 'off';
    },

    /** Asks the browser's permission, subscribes with Ponte's VAPID key and tells the API. */
    async turnOn(): Promise<PushState> {
      if (!environment.supported) return 'unsupported';
      const permission = await environment.requestPermission();
      if (permission === 'denied') return 'blocked';
      if (permission !== 'granted') return 'off';
      const manager = await environment.pushManager();
      if (!manager) return 'unsupported';
      const { publicKey } = await api.request('GET', '/api/push/public-key', { schema: PushPublicKey });
      const key = applicationServerKey(publicKey);
      let subscription = await manager.getSubscription();
      // Subscribed with another server key (the keys were changed): start again with the current one.
      if (subscription && !sameKey(subscription, key)) {
        await subscription.unsubscribe();
        subscription = null;
      }
      subscription ??= await manager.subscribe({ userVisibleOnly: true, applicationServerKey: key });
      await register(subscription);
      return 'on';
    },

    /** Tells the API to stop (when it can) and ends the browser's subscription. */
    async turnOff(): Promise<PushState> {
      const manager = environment.supported ? await environment.pushManager() : null;
      const subscription = manager ? await manager.getSubscription() : null;
      if (subscription) {
        const id = storage.getItem(idKey(subscription.endpoint));
        if (id) {
          try {
            await api.request('DELETE', `/api/push/subscriptions/${encodeURIComponent(id)}`);
          } catch (error) {
            // Already gone on the server: the device is off all the same.
            if (!(error instanceof ApiError && error.status === 404)) throw error;
          }
          storage.removeItem(idKey(subscription.endpoint));
        }
        await subscription.unsubscribe();
      }
      storage.removeItem(ON_KEY);
      return environment.supported && environment.permission() === 'denied' ? 'blocked' : 'off';
    },

    /**
     * While notifications are on here, tells the API this device's current subscription: after sign-in
     * always (`forWhoeverSignedIn`: it now belongs to that person), otherwise only when the browser holds
     * an endpoint the API was never told — the push service renewed it (the worker's
     * `pushsubscriptionchange`). The old endpoint is deleted at its first 404/410.
     */
    async resync(options: { forWhoeverSignedIn?: boolean } = {}): Promise<void> {
      if (!environment.supported || environment.permission() !== 'granted' || !storage.getItem(ON_KEY)) return;
      const manager = await environment.pushManager();
      const subscription = manager ? await manager.getSubscription() : null;
      if (!subscription) return;
      if (options.forWhoeverSignedIn || !storage.getItem(idKey(subscription.endpoint))) await register(subscription);
    },
  };
}

export type PushDevice = ReturnType<typeof createPushDevice>;
