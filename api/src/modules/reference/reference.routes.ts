import { asc } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { District, Language } from '@ponte/shared';
import type { Database } from '../../db/client.js';
import { districts, languages } from '../../db/schema/index.js';
import { bearer, problems } from '../../lib/route-schemas.js';

export async function referenceRoutes(app: FastifyInstance, { db }: { db: Database }) {
  const routes = app.withTypeProvider<ZodTypeProvider>();

  routes.get(
    '/api/districts',
    {
      onRequest: app.requireRole(),
      schema: {
        tags: ['reference'],
        summary: 'Districts and their municipalities',
        security: bearer,
        response: { 200: z.array(District), ...problems(401) },
      },
    },
    async () => db.select().from(districts).orderBy(asc(districts.name)),
  );

  routes.get(
    '/api/languages',
    {
      onRequest: app.requireRole(),
      schema: {
        tags: ['reference'],
        summary: 'Languages and their dialects',
        security: bearer,
        response: { 200: z.array(Language), ...problems(401) },
      },
    },
    async () => db.select().from(languages).orderBy(asc(languages.nameIt)),
  );
}
