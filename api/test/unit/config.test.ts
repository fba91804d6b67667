import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { vapidEnvironment } from '../helpers/vapid.js';

describe('loadConfig', () => {
  it('uses the documented defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      databaseUrl: undefined,
      dataDir: './.ponte-data',
      seed: 'demo',
      sweepIntervalMs: 5000,
      travelBufferMinutes: 30,
      publicUrl: 'http://localhost:3000',
      retentionMonths: 24,
    });
  });

  it('links to the port Ponte runs on unless PUBLIC_URL says otherwise', () => {
    expect(loadConfig({ PORT: '3102' }).publicUrl).toBe('http://localhost:3102');
    expect(loadConfig({ PORT: '3102', PUBLIC_URL: 'https://ponte.example.it/' }).publicUrl).toBe(
      'https://ponte.example.it',
    );
  });

  it('accepts a partial DISPATCH_POLICY', () => {
    expect(loadConfig({ DISPATCH_POLICY: '{"urgent":{"waveSize":2}}' }).dispatchPolicyOverride).toEqual({
      urgent: { waveSize: 2 },
    });
  });

  it('defaults SEED to none on a PostgreSQL server', () => {
    expect(
      loadConfig({ DATABASE_URL: 'postgres://db/ponte', JWT_SECRET: 'x'.repeat(32), ...vapidEnvironment() }).seed,
    ).toBe('none');
  });

  it.each([
    [{ PORT: 'abc' }, /^Invalid configuration: PORT /],
    [{ DATABASE_URL: 'mysql://x/y' }, /^Invalid configuration: DATABASE_URL must be a postgres:\/\/ URL$/],
    [
      { DATABASE_URL: 'postgres://db/ponte' },
      /^Invalid configuration: JWT_SECRET is required when DATABASE_URL is set$/,
    ],
    [{ SEED: 'everything' }, /^Invalid configuration: SEED /],
    [{ DISPATCH_POLICY: '{not json' }, /^Invalid configuration: DISPATCH_POLICY is not valid JSON$/],
    [{ DISPATCH_POLICY: '{"urgent":{"waveSize":0}}' }, /^Invalid configuration: DISPATCH_POLICY\.urgent\.waveSize /],
    [{ DISPATCH_POLICY: '{"urgnt":{}}' }, /^Invalid configuration: DISPATCH_POLICY /],
    [{ ADMIN_EMAIL: 'boss@ponte.it' }, /^Invalid configuration: ADMIN_PASSWORD /],
    [{ SMTP_URL: 'http://mail' }, /^Invalid configuration: SMTP_URL /],
    [{ PUBLIC_URL: 'ponte.example.it' }, /^Invalid configuration: PUBLIC_URL /],
  ])('stops on %j with one line naming the variable', (environment, message) => {
    expect(() => loadConfig(environment)).toThrow(message);
  });
});

describe('push settings', () => {
  const keys = {
    VAPID_PUBLIC_KEY: Buffer.alloc(65, 4).toString('base64url'),
    VAPID_PRIVATE_KEY: Buffer.alloc(32, 1).toString('base64url'),
  };

  it('defaults: the browsers’ push services, reminders 24 h and 2 h before, keys kept in the database', () => {
    const config = loadConfig({});
    expect(config.pushEndpointHosts).toContain('fcm.googleapis.com');
    expect(config.pushEndpointHosts).toContain('*.notify.windows.com');
    expect(config.reminderMinutes).toEqual([1440, 120]);
    expect(config.vapidKeys).toBeUndefined();
    expect(config.vapidSubject).toBe('mailto:ponte@localhost');
  });

  it('reads hosts, reminders and keys', () => {
    const config = loadConfig({
      ...keys,
      PUSH_ENDPOINT_HOSTS: 'push.example.org, 127.0.0.1:8443',
      REMINDERS: '2h, 48h,30m',
      VAPID_SUBJECT: 'mailto:ops@ponte.example',
    });
    expect(config.pushEndpointHosts).toEqual(['push.example.org', '127.0.0.1:8443']);
    expect(config.reminderMinutes).toEqual([2880, 120, 30]);
    expect(config.vapidKeys).toEqual({ publicKey: keys.VAPID_PUBLIC_KEY, privateKey: keys.VAPID_PRIVATE_KEY });
    expect(loadConfig({ REMINDERS: 'none' }).reminderMinutes).toEqual([]);
  });

  it.each([
    [
      { DATABASE_URL: 'postgres://db/ponte', JWT_SECRET: 'x'.repeat(32) },
      /^Invalid configuration: VAPID_PUBLIC_KEY is required when DATABASE_URL is set \(set VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY, VAPID_SUBJECT; generate the keys with npx web-push generate-vapid-keys\)$/,
    ],
    [
      { DATABASE_URL: 'postgres://db/ponte', JWT_SECRET: 'x'.repeat(32), ...keys },
      /^Invalid configuration: VAPID_SUBJECT is required when DATABASE_URL is set \(set VAPID_SUBJECT;/,
    ],
    [{ VAPID_PUBLIC_KEY: keys.VAPID_PUBLIC_KEY }, /^Invalid configuration: VAPID_PRIVATE_KEY /],
    [{ ...keys, VAPID_PUBLIC_KEY: 'c2hvcnQ' }, /^Invalid configuration: VAPID_PUBLIC_KEY must be 65 bytes/],
    [{ VAPID_SUBJECT: 'ops@ponte.example' }, /^Invalid configuration: VAPID_SUBJECT must be a mailto: address/],
    [{ REMINDERS: '24 hours' }, /^Invalid configuration: REMINDERS has "24 hours"/],
    [{ PUSH_ENDPOINT_HOSTS: 'https://fcm.googleapis.com' }, /^Invalid configuration: PUSH_ENDPOINT_HOSTS has /],
  ])('stops on %j with one line naming the variable', (environment, message) => {
    expect(() => loadConfig(environment)).toThrow(message);
  });

  it('starts on PostgreSQL with every key given', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://db/ponte',
      JWT_SECRET: 'x'.repeat(32),
      ...keys,
      VAPID_SUBJECT: 'https://ponte.example',
    });
    expect(config.vapidSubject).toBe('https://ponte.example');
  });
});
