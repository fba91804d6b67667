import zlib from 'node:zlib';
import fastifyCompress, { type FastifyCompressOptions } from '@fastify/compress';
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
import { createDispatcher, type Dispatcher } from './modules/dispatch/dispatch.service.js';
import { createCalendarService } from './modules/calendar/calendar.service.js';
import { caseExclusionsRoutes } from './modules/case-exclusions/case-exclusions.routes.js';
import { createCaseExclusionsService } from './modules/case-exclusions/case-exclusions.service.js';
import { calendarRoutes } from './modules/calendar/calendar.routes.js';
import { createFundingService } from './modules/funding/funding.service.js';
import { fundingRoutes } from './modules/funding/funding.routes.js';
import { createMediatorsService } from './modules/mediators/mediators.service.js';
import { mediatorsRoutes } from './modules/mediators/mediators.routes.js';
import { createOffersService } from './modules/offers/offers.service.js';
import { createPushService } from './modules/push/push.service.js';
import { pushRoutes } from './modules/push/push.routes.js';
import { loadVapidDetails } from './modules/push/vapid.js';
import { offersRoutes } from './modules/offers/offers.routes.js';
import { describeRequest } from './modules/requests/request-detail.js';
import { createRequestsService } from './modules/requests/requests.service.js';
import { requestsRoutes } from './modules/requests/requests.routes.js';
import { seriesRoutes } from './modules/requests/series.routes.js';
import { createReportsService } from './modules/reports/reports.service.js';
import { reportsRoutes } from './modules/reports/reports.routes.js';
import { startSweeper } from './jobs/sweep.js';
import { eventsRoutes } from './realtime/events.routes.js';
import { pruneLiveEvents } from './realtime/live-events.js';
import { createLiveHub, type LiveHub } from './realtime/live-hub.js';
import { createMailRelay } from './realtime/mail-relay.js';
import { createPushRelay } from './realtime/push/push-relay.js';
import { enqueueDueReminders } from './realtime/push/push-reminders.js';
import { usersRoutes } from './modules/users/users.routes.js';
import { authPlugin } from './plugins/auth.js';
import { errorsPlugin, handleClientError } from './plugins/errors.js';
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
    dispatcher: Dispatcher;
    routeTable: { method: string; url: string }[];
    liveHub: LiveHub;
  }
}

export function redactSecrets(url: string): string {
  return url.replace(/([?&](?:access_token|token)=)[^&#]*/g, '$1[redacted]');
}

function loggerOptions(config: Config): FastifyServerOptions['logger'] {
  const pretty = config.logFormat === 'pretty';
  return {
    level: config.logLevel,
    redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
    serializers: {
      // Secrets travel in the query on two paths (the SSE access token, the calendar token): never log them.
      req: (request: { method: string; url: string; ip?: string }) => ({
        method: request.method,
        url: redactSecrets(request.url),
        remoteAddress: request.ip,
      }),
    },
    ...(pretty
      ? { transport: { target: 'pino-pretty', options: { translateTime: 'HH:MM:ss', ignore: 'pid,hostname' } } }
      : {}),
  };
}

/**
 * API answers over 1 KB are compressed (brotli at a low quality costs less time than it saves on a phone's
 * network); the live stream is not, since a compressor would hold its events back.
 */
const compressionOptions = {
  threshold: 1024,
  encodings: ['br', 'gzip'],
  brotliOptions: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } },
  customTypes: /^(?!text\/event-stream)(text\/|application\/(.+\+)?json|application\/javascript|image\/svg\+xml)/,
} satisfies FastifyCompressOptions;

/** Builds the whole application; server.ts only listens, tests call this directly. */
export async function buildApp(options: BuildOptions): Promise<FastifyInstance> {
  const { config } = options;
  const app = Fastify({
    logger: options.logger ?? loggerOptions(config),
    trustProxy: config.production,
    return503OnClosing: true,
    clientErrorHandler: handleClientError,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // Every route as registered: the OpenAPI and authorization tests walk this table, so no route is forgotten.
  const routeTable: { method: string; url: string }[] = [];
  app.decorate('routeTable', routeTable);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) if (method !== 'HEAD') routeTable.push({ method, url: route.url });
  });

  const ownsDatabase = !options.database;
  const database =
    options.database ??
    (await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, logger: app.log }));
  if (ownsDatabase) {
    await database.migrate();
    await seedDatabase(database.db, config, app.log, (options.clock ?? systemClock).now());
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
        // Ponte is often run on plain http on a LAN or localhost; TLS is the reverse proxy's job.
        upgradeInsecureRequests: null,
      },
    },
  });
  // CORS stays off (same origin serves SPA and API) unless a deployment adds origins on purpose.
  await app.register(fastifyCors, { origin: false });
  await app.register(fastifyCookie);
  await app.register(fastifyCompress, compressionOptions);
  await app.register(authPlugin, { secret: config.jwtSecret ?? (await loadOrCreateJwtSecret(config.dataDir)) });
  await app.register(swaggerPlugin);

  const auth = createAuthService(context, app.signAccessToken);
  await app.register(healthRoutes, { database });
  await app.register(authRoutes, { auth, secureCookies: config.publicUrl.startsWith('https://') });
  await app.register(usersRoutes, { users: createUsersService(context) });
  await app.register(organizationsRoutes, { organizations: createOrganizationsService(context) });
  await app.register(referenceRoutes, { db: database.db });

  // The request's life lives in the dispatch module; the requests module describes a request for it,
  // the funding module charges it to a funding line.
  const funding = createFundingService(context);
  const dispatcher = createDispatcher(context, describeRequest, funding.charger);
  const requests = createRequestsService(context, dispatcher);
  app.decorate('dispatcher', dispatcher);
  await app.register(mediatorsRoutes, { mediators: createMediatorsService(context, dispatcher) });
  await app.register(calendarRoutes, { calendar: createCalendarService(context) });
  await app.register(requestsRoutes, { requests });
  await app.register(seriesRoutes, { requests });
  await app.register(caseExclusionsRoutes, { caseExclusions: createCaseExclusionsService(context) });
  await app.register(offersRoutes, { offers: createOffersService(context, dispatcher) });
  await app.register(reportsRoutes, { reports: createReportsService(context, dispatcher) });
  await app.register(fundingRoutes, { funding });
  const vapid = await loadVapidDetails(database.db, config);
  await app.register(pushRoutes, { push: createPushService(context, vapid.publicKey) });
  const liveHub = createLiveHub(database, app.log);
  await liveHub.start();
  app.decorate('liveHub', liveHub);
  await app.register(eventsRoutes, { hub: liveHub });
  await app.register(spaPlugin);

  const sweeper = startSweeper(
    [
      { name: 'dispatch', run: () => dispatcher.sweepDueWork() },
      { name: 'login failures', run: () => auth.pruneLoginFailures() },
      { name: 'live events', run: () => pruneLiveEvents(database.db, context.clock.now()) },
      { name: 'retention', run: () => requests.erasePersonalData() },
    ],
    config.sweepIntervalMs,
    app.log,
  );
  // Email has a sweeper of its own, so a slow mail server never holds up dispatch.
  const mailRelay = createMailRelay(context);
  const mailSweeper = startSweeper(
    [
      { name: 'mail', run: () => mailRelay.deliverDue() },
      { name: 'outbox retention', run: () => mailRelay.purgeOld() },
    ],
    config.sweepIntervalMs,
    app.log,
  );
  // Pushes too: a push service that is slow or down never holds up e-mail or dispatch.
  const pushRelay = createPushRelay(context, vapid);
  const pushSweeper = startSweeper(
    [
      {
        name: 'push reminders',
        run: () => enqueueDueReminders(database.db, context.clock.now(), config.reminderMinutes),
      },
      { name: 'push', run: () => pushRelay.deliverDue() },
    ],
    config.sweepIntervalMs,
    app.log,
  );
  // With sweeping on, a committed change wakes the relay at once (tests with SWEEP_INTERVAL_MS=0 drive it themselves).
  if (config.sweepIntervalMs > 0) await pushRelay.listen(database);
  // Open event streams would keep the server from closing: end them first.
  app.addHook('preClose', async () => liveHub.stop());
  app.addHook('onClose', async () => {
    await sweeper.stop();
    await mailSweeper.stop();
    await pushSweeper.stop();
    mailRelay.close();
    await pushRelay.close();
    if (ownsDatabase) await database.close();
  });

  return app;
}
