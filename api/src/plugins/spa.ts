import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { problemNotFound } from './errors.js';

export const spaDist = fileURLToPath(new URL('../../../web/dist', import.meta.url));

/** Vite names every file under /assets/ by its content hash: a changed file is a new URL. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
/** index.html names the current hashes: always revalidated, so a new version is picked up at once. */
export const REVALIDATE = 'no-cache';

const cacheControlFor = (path: string) => (/[\\/]assets[\\/]/.test(path) ? IMMUTABLE : REVALIDATE);

/**
 * Serves the built SPA at / with history fallback; unknown API paths stay problem+json 404s.
 * The build leaves .br and .gz twins beside each asset; they are sent as they are when the browser accepts them.
 */
export const spaPlugin = fp(async (app: FastifyInstance) => {
  const hasSpa = existsSync(`${spaDist}/index.html`);
  if (hasSpa) {
    await app.register(fastifyStatic, {
      root: spaDist,
      prefix: '/',
      wildcard: false,
      index: ['index.html'],
      preCompressed: true,
      cacheControl: false,
      setHeaders: (reply, path) => reply.header('Cache-Control', cacheControlFor(path)),
    });
  }
  app.setNotFoundHandler((request, reply) => {
    const isPage = request.method === 'GET' && !request.url.startsWith('/api/') && !request.url.startsWith('/docs');
    if (hasSpa && isPage) return reply.type('text/html').sendFile('index.html');
    return problemNotFound(reply, `No route ${request.method} ${request.url.split('?')[0]}`);
  });
});
