import fastifyCookie from '@fastify/cookie';
import fastifyCors from '@fastify/cors';
import fastifyHelmet from '@fastify/helmet';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Config } from './config.js';
import type { AppContext } from './context.js';
import { openDatabase, type DatabaseHandle } from './db/client.js';
import { seedDatabase } from './db/seed.js';
import { systemClock, type Clock } from './lib/clock.js';
import { loadOrCreateJwtSecret } from './lib/secrets.js';
import { createAuthService } from './modules/auth/auth.service.js';
import { authRoutes } from './modules/auth/auth.routes.js';
import { healthRoutes } from './modules/health/health.routes.js';
import { createOrganizationsService } from './modules/organizations/organizations.service.js';
import { organizationsRoutes } from './modules/organizations/organizations.routes.js';
import { referenceRoutes } from './modules/reference/reference.routes.js';
import { createUsersService } from './modules/users/users.service.js';
import { usersRoutes } from './modules/users/users.routes.js';
import { authPlugin } from './plugins/auth.js';
import { errorsPlugin } from './plugins/errors.js';
import { spaPlugin } from './plugins/spa.js';
import { swaggerPlugin } from './plugins/swagger.js';

export interface BuildOptions {
  config: Config;
  clock?: Clock;
  /** An already open database (tests); otherwise one is opened from the config and closed with the app. */
  database?: DatabaseHandle;
  logger?: FastifyServerOptions['logger'];
}

declare module 'fastify' {
  interface FastifyInstance {
    context: AppContext;
    database: DatabaseHandle;
  }
}

function loggerOptions(config: Config): FastifyServerOptions['logger'] {
  const pretty = process.stdout.isTTY && !config.production;
  return {
    level: config.logLevel,
    redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
    ...(pretty ? { transport: { target: 'pino-pretty', options: { translateTime: 'HH:MM:ss', ignore: 'pid,hostname' } } } : {}),
  };
}

/** Builds the whole application; server.ts only listens, tests call this directly. */
export async function buildApp(options: BuildOptions): Promise<FastifyInstance> {
  const { config } = options;
  const app = Fastify({ logger: options.logger ?? loggerOptions(config), trustProxy: config.production, return503OnClosing: true });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const ownsDatabase = !options.database;
  const database = options.database ?? (await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, logger: app.log }));
  if (ownsDatabase) {
    app.addHook('onClose', async () => database.close());
    await database.migrate();
    await seedDatabase(database.db, config, app.log);
  }

  const context: AppContext = { db: database.db, clock: options.clock ?? systemClock, config, log: app.log };
  app.decorate('context', context);
  app.decorate('database', database);

  await app.register(errorsPlugin);
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
      },
    },
  });
  // CORS stays off (same origin serves SPA and API) unless a deployment adds origins on purpose.
  await app.register(fastifyCors, { origin: false });
  await app.register(fastifyCookie);
  await app.register(authPlugin, { secret: config.jwtSecret ?? (await loadOrCreateJwtSecret(config.dataDir)) });
  await app.register(swaggerPlugin);

  const auth = createAuthService(context, app.signAccessToken);
  await app.register(healthRoutes, { database });
  await app.register(authRoutes, { auth, secureCookies: config.publicUrl.startsWith('https://') });
  await app.register(usersRoutes, { users: createUsersService(context) });
  await app.register(organizationsRoutes, { organizations: createOrganizationsService(context) });
  await app.register(referenceRoutes, { db: database.db });
  await app.register(spaPlugin);

  return app;
}
