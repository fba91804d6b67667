import { flushPromises, mount } from '@vue/test-utils';
import { beforeEach, describe, expect, it } from 'vitest';
import { applyLocale, i18n } from '@/i18n';
import { createPushDevice, type PushEnvironment } from './push-device';
import PushSwitch from './PushSwitch.vue';

const PUBLIC_KEY = `BA${'A'.repeat(85)}`;
const SUBSCRIPTION_ID = '7b0c6a56-5a43-4c1e-9b0e-1f2d3c4b5a69';

/** A browser as far as the switch can tell: a permission, a push manager, storage and the API. */
function fakeBrowser(
  options: {
    supported?: boolean;
    permission?: NotificationPermission;
    answer?: NotificationPermission;
    registered?: boolean;
  } = {},
) {
  let permission: NotificationPermission = options.permission ?? 'default';
  let subscription: PushSubscription | null = null;
  const calls: string[] = [];
  const store = new Map<string, string>();
  let endpoint = 'https://fcm.googleapis.com/fcm/send/device-1';
  const makeSubscription = (key: BufferSource): PushSubscription =>
    ({
      endpoint,
      options: {
        applicationServerKey: key instanceof ArrayBuffer ? key : (key as Uint8Array).buffer,
        userVisibleOnly: true,
      },
      toJSON: () => ({ endpoint, keys: { p256dh: 'p', auth: 'a' } }),
      unsubscribe: async () => {
        calls.push('unsubscribe');
        subscription = null;
        return true;
      },
    }) as unknown as PushSubscription;
  const manager = {
    getSubscription: async () => subscription,
    subscribe: async (init: PushSubscriptionOptionsInit) => {
      calls.push('subscribe');
      subscription = makeSubscription(init.applicationServerKey as BufferSource);
      return subscription;
    },
  } as unknown as PushManager;
  const environment: PushEnvironment = {
    supported: options.supported ?? true,
    permission: () => permission,
    requestPermission: async () => {
      calls.push('requestPermission');
      permission = options.answer ?? 'granted';
      return permission;
    },
    pushManager: async () => (options.registered === false ? null : manager),
    storage: {
      getItem: (key) => store.get(key) ?? null,
      setItem: (key, value) => void store.set(key, value),
      removeItem: (key) => void store.delete(key),
    },
    api: {
      request: (async (method: string, path: string, requestOptions?: { body?: unknown }) => {
        calls.push(`${method} ${path}`);
        if (path === '/api/push/public-key') return { publicKey: PUBLIC_KEY };
        if (method === 'POST') {
          expect(requestOptions?.body).toEqual({ endpoint, keys: { p256dh: 'p', auth: 'a' } });
          return { id: SUBSCRIPTION_ID };
        }
        return undefined;
      }) as PushEnvironment['api']['request'],
    },
  };
  /** What the service worker does on `pushsubscriptionchange`: the same key, a new endpoint. */
  const renew = () => {
    endpoint = 'https://fcm.googleapis.com/fcm/send/device-2';
    if (subscription) subscription = makeSubscription(subscription.options.applicationServerKey!);
  };
  return { environment, calls, renew };
}

async function mountSwitch(environment: PushEnvironment) {
  const wrapper = mount(PushSwitch, { props: { environment }, global: { plugins: [i18n] } });
  await flushPromises();
  return wrapper;
}

const status = (wrapper: Awaited<ReturnType<typeof mountSwitch>>) => wrapper.get('#push-status').text();
const input = (wrapper: Awaited<ReturnType<typeof mountSwitch>>) => wrapper.get<HTMLInputElement>('#push-switch');

describe('PushSwitch', () => {
  beforeEach(async () => applyLocale('it'));

  it('starts off without asking anything; turning it on asks permission, subscribes and tells the API; off undoes it', async () => {
    const browser = fakeBrowser();
    const wrapper = await mountSwitch(browser.environment);
    expect(status(wrapper)).toBe('Non attive su questo dispositivo.');
    expect(input(wrapper).element.checked).toBe(false);
    expect(browser.calls).toEqual([]);

    await input(wrapper).setValue(true);
    await flushPromises();
    expect(browser.calls).toEqual([
      'requestPermission',
      'GET /api/push/public-key',
      'subscribe',
      'POST /api/push/subscriptions',
    ]);
    expect(status(wrapper)).toBe('Attive su questo dispositivo.');
    expect(input(wrapper).element.checked).toBe(true);

    await input(wrapper).setValue(false);
    await flushPromises();
    expect(browser.calls.slice(4)).toEqual([`DELETE /api/push/subscriptions/${SUBSCRIPTION_ID}`, 'unsubscribe']);
    expect(status(wrapper)).toBe('Non attive su questo dispositivo.');
    wrapper.unmount();
  });

  it('stays off and says so when the person refuses the permission', async () => {
    const browser = fakeBrowser({ answer: 'denied' });
    const wrapper = await mountSwitch(browser.environment);
    await input(wrapper).setValue(true);
    await flushPromises();
    expect(browser.calls).toEqual(['requestPermission']);
    expect(status(wrapper)).toMatch(/^Bloccate dal browser/);
    expect(wrapper.get('[role="alert"]').text()).toMatch(/non ha dato il permesso/);
    expect(input(wrapper).element.disabled).toBe(true);
    wrapper.unmount();
  });

  it('shows blocked when the browser already refused, and cannot be switched', async () => {
    const wrapper = await mountSwitch(fakeBrowser({ permission: 'denied' }).environment);
    expect(status(wrapper)).toMatch(/^Bloccate dal browser\. Per riceverle, consenti/);
    expect(input(wrapper).element.disabled).toBe(true);
    wrapper.unmount();
  });

  it.each([
    ['a browser without push', { supported: false }],
    ['no service worker (development build)', { registered: false }],
  ])('shows not supported for %s', async (_what, options) => {
    const wrapper = await mountSwitch(fakeBrowser(options).environment);
    expect(status(wrapper)).toMatch(/^Questo browser non può ricevere notifiche/);
    expect(input(wrapper).element.disabled).toBe(true);
    wrapper.unmount();
  });

  it('reads on for a device already subscribed', async () => {
    const browser = fakeBrowser({ permission: 'granted' });
    const first = await mountSwitch(browser.environment);
    await input(first).setValue(true);
    await flushPromises();
    first.unmount();
    const again = await mountSwitch(browser.environment);
    expect(status(again)).toBe('Attive su questo dispositivo.');
    expect(browser.calls.filter((call) => call === 'requestPermission')).toHaveLength(1);
    again.unmount();
  });

  it('registers a subscription the push service renewed, once, and nothing while notifications are off', async () => {
    const browser = fakeBrowser({ permission: 'granted' });
    const device = createPushDevice(browser.environment);
    await device.resync();
    expect(browser.calls).toEqual([]);
    await device.turnOn();
    browser.calls.length = 0;
    await device.resync();
    expect(browser.calls).toEqual([]);
    browser.renew();
    await device.resync();
    await device.resync();
    expect(browser.calls).toEqual(['POST /api/push/subscriptions']);
    await device.resync({ forWhoeverSignedIn: true });
    expect(browser.calls).toEqual(['POST /api/push/subscriptions', 'POST /api/push/subscriptions']);
    expect(await device.state()).toBe('on');
    await device.turnOff();
    browser.calls.length = 0;
    await device.resync({ forWhoeverSignedIn: true });
    expect(browser.calls).toEqual([]);
  });
});
