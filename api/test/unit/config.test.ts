import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';

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
    expect(loadConfig({ DATABASE_URL: 'postgres://db/ponte', JWT_SECRET: 'x'.repeat(32) }).seed).toBe('none');
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
