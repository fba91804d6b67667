import fastifyJwt from '@fastify/jwt';
import type { FastifyInstance, FastifyRequest, onRequestHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import type { Role } from '@ponte/shared';
import { forbidden, unauthenticated } from '../lib/errors.js';

export const ACCESS_TOKEN_SECONDS = 15 * 60;

/** What the access token carries: enough to authorize without a database read. */
export interface Caller {
  sub: string;
  role: Role;
  organizationId: string | null;
  mediatorId: string | null;
}

declare module '@fastify/jwt' {
  interface FastifyJWT {
    payload: Caller;
    user: Caller;
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    /** onRequest hook: a valid access token of one of these roles (any role when none is given). */
    requireRole(...roles: Role[]): onRequestHookHandler;
    signAccessToken(caller: Caller): string;
  }
}

async function verify(request: FastifyRequest, allowQueryToken: boolean) {
  const queryToken = allowQueryToken
    ? (request.query as { access_token?: unknown } | undefined)?.access_token
    : undefined;
  try {
    if (typeof queryToken === 'string' && !request.headers.authorization) {
      request.user = request.server.jwt.verify<Caller>(queryToken);
    } else {
      await request.jwtVerify();
    }
  } catch {
    throw unauthenticated('A valid access token is required');
  }
}

export const authPlugin = fp(async (app: FastifyInstance, options: { secret: string }) => {
  await app.register(fastifyJwt, {
    secret: options.secret,
    sign: { algorithm: 'HS256', expiresIn: ACCESS_TOKEN_SECONDS },
    verify: { algorithms: ['HS256'] },
  });

  app.decorate('signAccessToken', (caller: Caller) =>
    app.jwt.sign({
      sub: caller.sub,
      role: caller.role,
      organizationId: caller.organizationId,
      mediatorId: caller.mediatorId,
    }),
  );

  app.decorate('requireRole', (...roles: Role[]): onRequestHookHandler => {
    return async (request) => {
      // EventSource cannot send headers, so the live stream alone accepts the token in the query.
      await verify(request, request.routeOptions.url === '/api/events');
      if (roles.length > 0 && !roles.includes(request.user.role)) throw forbidden();
    };
  });
});
