import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AcceptInviteBody, LoginBody, LoginResponse, SESSION_HINT_COOKIE } from '@ponte/shared';
import { problems, publicAccess, refreshCookie } from '../../lib/route-schemas.js';
import { REFRESH_TOKEN_DAYS, type AuthService, type Session } from './auth.service.js';

export const REFRESH_COOKIE = 'ponte_refresh';

export async function authRoutes(
  app: FastifyInstance,
  { auth, secureCookies }: { auth: AuthService; secureCookies: boolean },
) {
  const routes = app.withTypeProvider<ZodTypeProvider>();

  const startSession = (reply: FastifyReply, session: Session) =>
    reply
      .setCookie(REFRESH_COOKIE, session.refreshToken, {
        httpOnly: true,
        sameSite: 'strict',
        secure: secureCookies,
        path: '/api/auth',
        maxAge: REFRESH_TOKEN_DAYS * 86_400,
      })
      // Readable by the SPA, secret-free: "a session may exist, try a silent refresh".
      .setCookie(SESSION_HINT_COOKIE, '1', {
        httpOnly: false,
        sameSite: 'strict',
        secure: secureCookies,
        path: '/',
        maxAge: REFRESH_TOKEN_DAYS * 86_400,
      });

  routes.post(
    '/api/auth/login',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign in',
        security: publicAccess,
        body: LoginBody,
        response: { 200: LoginResponse, ...problems(400, 401, 429) },
      },
    },
    async (request, reply) => {
      const session = await auth.login(request.body.email, request.body.password, request.ip);
      startSession(reply, session);
      return session.response;
    },
  );

  routes.post(
    '/api/auth/refresh',
    {
      schema: {
        tags: ['auth'],
        summary: 'Rotate the refresh cookie and get a new access token (with the signed-in user, as at sign-in)',
        security: refreshCookie,
        response: { 200: LoginResponse, ...problems(401) },
      },
    },
    async (request, reply) => {
      const session = await auth.refresh(request.cookies[REFRESH_COOKIE]);
      startSession(reply, session);
      return session.response;
    },
  );

  routes.post(
    '/api/auth/logout',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign out: revoke the session',
        // Without the cookie there is nothing to revoke, and the answer is the same 204.
        security: [{}, ...refreshCookie],
        response: { 204: z.null().describe('Signed out'), ...problems(400) },
      },
    },
    async (request, reply) => {
      await auth.logout(request.cookies[REFRESH_COOKIE]);
      reply.clearCookie(REFRESH_COOKIE, { path: '/api/auth' }).clearCookie(SESSION_HINT_COOKIE, { path: '/' });
      return reply.code(204).send(null);
    },
  );

  routes.post(
    '/api/auth/accept-invite',
    {
      schema: {
        tags: ['auth'],
        summary: 'Set a password from an invitation and sign in',
        security: publicAccess,
        body: AcceptInviteBody,
        response: { 200: LoginResponse, ...problems(400, 401) },
      },
    },
    async (request, reply) => {
      const session = await auth.acceptInvite(request.body.token, request.body.password);
      startSession(reply, session);
      return session.response;
    },
  );
}
