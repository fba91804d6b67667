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
    RETENTION_MONTHS: z.coerce.number().int().min(1).max(240).default(24),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
    NODE_ENV: z.string().default('development'),
  })
  .superRefine((environment, context) => {
    if (environment.DATABASE_URL && !environment.JWT_SECRET) {
      context.addIssue({ code: 'custom', path: ['JWT_SECRET'], message: 'is required when DATABASE_URL is set' });
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
  logLevel: string;
  logFormat: 'json' | 'pretty';
  production: boolean;
}

export class ConfigError extends Error {}

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
    logLevel: env.LOG_LEVEL,
    // Unset: readable lines on a terminal, JSON for a log collector (and always JSON in production).
    logFormat: env.LOG_FORMAT ?? (process.stdout.isTTY && env.NODE_ENV !== 'production' ? 'pretty' : 'json'),
    production: env.NODE_ENV === 'production',
  };
}
