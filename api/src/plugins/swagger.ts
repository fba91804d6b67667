import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { bearer } from '../lib/route-schemas.js';
import { REFRESH_COOKIE } from '../modules/auth/auth.routes.js';

/**
 * `GET /api/requests/:id/candidates` → `getRequestCandidates`: the method, then the words of the path; a
 * collection named before a parameter reads singular (`requests/:id` → `Request`), so the list and the one
 * item differ (`getRequests`, `getRequest`).
 */
function operationIdOf(method: string, url: string): string {
  const segments = url.replace(/^\/api\//, '').split('/');
  const words = segments.flatMap((segment, index) => {
    if (segment.startsWith(':')) return [];
    const beforeParameter = segments[index + 1]?.startsWith(':') ?? false;
    return (beforeParameter ? segment.replace(/s$/, '') : segment).split(/[^A-Za-z0-9]+/).filter(Boolean);
  });
  return [method.toLowerCase(), ...words.map((word) => word[0]!.toUpperCase() + word.slice(1))].join('');
}

/** Every API operation gets its operationId from one convention, unless its route names one itself. */
function nameOperations(app: FastifyInstance) {
  const taken = new Map<string, string>();
  app.addHook('onRoute', (route: RouteOptions) => {
    const method = [route.method].flat()[0] ?? '';
    if (!route.url.startsWith('/api/') || method === 'HEAD' || route.schema?.hide) return;
    route.schema ??= {};
    const operationId = (route.schema.operationId ??= operationIdOf(method, route.url));
    const holder = taken.get(operationId);
    if (holder) throw new Error(`operationId ${operationId} of ${method} ${route.url} is taken by ${holder}`);
    taken.set(operationId, `${method} ${route.url}`);
  });
}

export const swaggerPlugin = fp(async (app: FastifyInstance) => {
  nameOperations(app);
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Ponte API', description: 'On-call dispatch of linguistic-cultural mediators', version: '1.0.0' },
      // Relative: the instance that serves this document (whatever host and port it is reached at) serves the API.
      servers: [{ url: '/', description: 'This Ponte instance' }],
      // Signed-in by default; the few public operations say `security: []`.
      security: bearer,
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
          refreshCookie: { type: 'apiKey', in: 'cookie', name: REFRESH_COOKIE },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });
});
