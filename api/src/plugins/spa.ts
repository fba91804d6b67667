import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { problemNotFound } from './errors.js';

export const spaDist = fileURLToPath(new URL('../../../web/dist', import.meta.url));

/** Serves the built SPA at / with history fallback; unknown API paths stay problem+json 404s. */
export const spaPlugin = fp(async (app: FastifyInstance) => {
  const hasSpa = existsSync(`${spaDist}/index.html`);
  if (hasSpa) {
    await app.register(fastifyStatic, { root: spaDist, prefix: '/', wildcard: false, index: ['index.html'] });
  }
  app.setNotFoundHandler((request, reply) => {
    const isPage = request.method === 'GET' && !request.url.startsWith('/api/') && !request.url.startsWith('/docs');
    if (hasSpa && isPage) return reply.type('text/html').sendFile('index.html');
    return problemNotFound(reply, `No route ${request.method} ${request.url.split('?')[0]}`);
  });
});
