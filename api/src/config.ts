import { z } from 'zod';
import { DispatchPolicyOverride } from './domain/dispatch-policy.js';

const optionalText = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value));

const jsonObject = z
  .string()
  .optional()
  .transform((value, context) => {
    if (value === undefined || value.trim() === '') return undefined;
    try {
      return JSON.parse(value) as unknown;
    } catch {
      context.addIssue({ code: 'custom', message: 'is not valid JSON' });
      return z.NEVER;
    }
  });

/** The browsers' push services (Chrome/Edge via FCM, Firefox, Safari, Windows): where subscriptions may point. */
export const DEFAULT_PUSH_ENDPOINT_HOSTS = [
  'fcm.googleapis.com',
  'android.googleapis.com',
  'updates.push.services.mozilla.com',
  'web.push.apple.com',
  '*.push.apple.com',
  '*.notify.windows.com',
];

const base64url = (bytes: number, what: string) =>
  optionalText.pipe(
    z
      .string()
      .regex(/^[A-Za-z0-9_-]+$/, `must be base64url (${what})`)
      .refine((value) => Buffer.from(value, 'base64url').length === bytes, `must be ${bytes} bytes base64url (${what})`)
      .optional(),
  );

const hostList = optionalText.transform((value, context) => {
  if (value === undefined) return DEFAULT_PUSH_ENDPOINT_HOSTS;
  const hosts = value
    .split(',')
    .map((host) => host.trim().toLowerCase())
    .filter(Boolean);
  for (const host of hosts) {
    if (!/^(\*\.)?[a-z0-9.-]+(:\d{1,5})?$/.test(host)) {
      context.addIssue({ code: 'custom', message: `has "${host}", which is not a host or host:port` });
      return z.NEVER;
    }
  }
  return hosts;
});

/** `24h,2h` → [1440, 120]: how long before an assignment each reminder goes, in minutes; `none` for no reminders. */
const reminderList = optionalText.transform((value, context) => {
  if (value === undefined) return [1440, 120];
  if (value.trim() === 'none') return [];
  const minutes: number[] = [];
  for (const item of value.split(',').map((part) => part.trim())) {
    const match = /^(\d{1,4})(h|m)$/.exec(item);
    const amount = match ? Number(match[1]) * (match[2] === 'h' ? 60 : 1) : 0;
    if (!match || amount < 1 || amount > 7 * 1440) {
      context.addIssue({
        code: 'custom',
        message: `has "${item}": expected lead times like 24h,2h or 30m (up to 7 days)`,
      });
      return z.NEVER;
    }
    minutes.push(amount);
  }
  return [...new Set(minutes)].sort((a, b) => b - a);
});

const EnvironmentSchema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().min(1).default('127.0.0.1'),
    DATABASE_URL: optionalText.pipe(
      z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// URL' }).optional(),
    ),
    DATA_DIR: z.string().min(1).default('./.ponte-data'),
    SEED: z.enum(['demo', 'none']).optional(),
    ADMIN_EMAIL: optionalText.pipe(z.email({ error: 'must be an email address' }).optional()),
    ADMIN_PASSWORD: optionalText.pipe(z.string().min(10, 'must be at least 10 characters').optional()),
    JWT_SECRET: optionalText.pipe(z.string().min(32, 'must be at least 32 characters').optional()),
    DISPATCH_POLICY: jsonObject.pipe(DispatchPolicyOverride.optional()),
    SWEEP_INTERVAL_MS: z.coerce.number().int().min(0, 'must be 0 (off) or more').default(5000),
    TRAVEL_BUFFER_MINUTES: z.coerce.number().int().min(0).max(240).default(30),
    SMTP_URL: optionalText.pipe(
      z.url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// URL' }).optional(),
    ),
    MAIL_FROM: z.string().min(3).default('Ponte <ponte@localhost>'),
    PUBLIC_URL: optionalText.pipe(z.url().optional()),
    PUSH_ENDPOINT_HOSTS: hostList,
    VAPID_PUBLIC_KEY: base64url(65, 'an uncompressed P-256 public key, as `npx web-push generate-vapid-keys` prints'),
    VAPID_PRIVATE_KEY: base64url(32, 'a P-256 private key, as `npx web-push generate-vapid-keys` prints'),
    VAPID_SUBJECT: optionalText.pipe(
      z
        .string()
        .regex(/^(mailto:\S+@\S+|https:\/\/\S+)$/, 'must be a mailto: address or an https: URL')
        .optional(),
    ),
    REMINDERS: reminderList,
    RETENTION_MONTHS: z.coerce.number().int().min(1).max(240).default(24),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
    NODE_ENV: z.string().default('development'),
  })
  .superRefine((environment, context) => {
    if (environment.DATABASE_URL && !environment.JWT_SECRET) {
      context.addIssue({ code: 'custom', path: ['JWT_SECRET'], message: 'is required when DATABASE_URL is set' });
    }
    if (Boolean(environment.VAPID_PUBLIC_KEY) !== Boolean(environment.VAPID_PRIVATE_KEY)) {
      context.addIssue({
        code: 'custom',
        path: [environment.VAPID_PUBLIC_KEY ? 'VAPID_PRIVATE_KEY' : 'VAPID_PUBLIC_KEY'],
        message: 'VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY go together',
      });
    }
    // On PostgreSQL the keys are the operator's (several instances, backups, rotation); on the embedded
    // database Ponte generates a pair and keeps it there, in DATA_DIR (api/src/modules/push/vapid.ts).
    if (environment.DATABASE_URL) {
      const missing = (['VAPID_PUBLIC_KEY', 'VAPID_PRIVATE_KEY', 'VAPID_SUBJECT'] as const).filter(
        (name) => !environment[name],
      );
      if (missing.length > 0) {
        context.addIssue({
          code: 'custom',
          path: [missing[0]!],
          message: `is required when DATABASE_URL is set (set ${missing.join(', ')}; generate the keys with npx web-push generate-vapid-keys)`,
        });
      }
    }
    if (Boolean(environment.ADMIN_EMAIL) !== Boolean(environment.ADMIN_PASSWORD)) {
      context.addIssue({
        code: 'custom',
        path: ['ADMIN_PASSWORD'],
        message: 'ADMIN_EMAIL and ADMIN_PASSWORD go together',
      });
    }
  });

export type Environment = z.input<typeof EnvironmentSchema>;

export interface Config {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  seed: 'demo' | 'none';
  admin: { email: string; password: string } | undefined;
  jwtSecret: string | undefined;
  dispatchPolicyOverride: unknown;
  sweepIntervalMs: number;
  travelBufferMinutes: number;
  smtpUrl: string | undefined;
  mailFrom: string;
  publicUrl: string;
  retentionMonths: number;
  /** Hosts (`host`, `host:port`, `*.domain`) a push subscription's https endpoint may name. */
  pushEndpointHosts: string[];
  /** The VAPID key pair from the environment; undefined: generated and kept in the database. */
  vapidKeys: { publicKey: string; privateKey: string } | undefined;
  vapidSubject: string;
  /** Minutes before an assignment that each reminder push goes, longest first. */
  reminderMinutes: number[];
  logLevel: string;
  logFormat: 'json' | 'pretty';
  production: boolean;
}

export class ConfigError extends Error {}

/** Unset VAPID_SUBJECT: the sender's address of the e-mails (push services want a contact). */
function defaultVapidSubject(mailFrom: string): string {
  const address = /<([^>]+)>/.exec(mailFrom)?.[1] ?? mailFrom.trim();
  return `mailto:${address}`;
}

/** Parses the environment once; a bad value throws one line naming the variable and what is wrong. */
export function loadConfig(environment: Record<string, string | undefined> = process.env): Config {
  const parsed = EnvironmentSchema.safeParse(environment);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = issue?.path.join('.') ?? 'environment';
    throw new ConfigError(`Invalid configuration: ${variable} ${issue?.message ?? 'is invalid'}`);
  }
  const env = parsed.data;
  return {
    port: env.PORT,
    host: env.HOST,
    databaseUrl: env.DATABASE_URL,
    dataDir: env.DATA_DIR,
    seed: env.SEED ?? (env.DATABASE_URL ? 'none' : 'demo'),
    admin: env.ADMIN_EMAIL && env.ADMIN_PASSWORD ? { email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD } : undefined,
    jwtSecret: env.JWT_SECRET,
    dispatchPolicyOverride: env.DISPATCH_POLICY,
    sweepIntervalMs: env.SWEEP_INTERVAL_MS,
    travelBufferMinutes: env.TRAVEL_BUFFER_MINUTES,
    smtpUrl: env.SMTP_URL,
    mailFrom: env.MAIL_FROM,
    // Unset: this instance's own port, so calendar and e-mail links work wherever Ponte was started.
    publicUrl: (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, ''),
    retentionMonths: env.RETENTION_MONTHS,
    pushEndpointHosts: env.PUSH_ENDPOINT_HOSTS,
    vapidKeys:
      env.VAPID_PUBLIC_KEY && env.VAPID_PRIVATE_KEY
        ? { publicKey: env.VAPID_PUBLIC_KEY, privateKey: env.VAPID_PRIVATE_KEY }
        : undefined,
    vapidSubject: env.VAPID_SUBJECT ?? defaultVapidSubject(env.MAIL_FROM),
    reminderMinutes: env.REMINDERS,
    logLevel: env.LOG_LEVEL,
    // Unset: readable lines on a terminal, JSON for a log collector (and always JSON in production).
    logFormat: env.LOG_FORMAT ?? (process.stdout.isTTY && env.NODE_ENV !== 'production' ? 'pretty' : 'json'),
    production: env.NODE_ENV === 'production',
  };
}
