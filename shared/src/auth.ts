import { z } from 'zod';
import { Locale, Role } from './enums.js';
import { secretText, Uuid } from './common.js';

/**
 * A harmless, readable cookie set beside the httpOnly refresh cookie: it says only that a session may
 * exist, so a signed-out page load does not try (and fail) a silent refresh.
 */
export const SESSION_HINT_COOKIE = 'ponte_session';

export const Me = z.object({
  id: Uuid,
  email: z.email(),
  name: z.string(),
  role: Role,
  organizationId: Uuid.nullable(),
  mediatorId: Uuid.nullable(),
  locale: Locale,
});
export type Me = z.infer<typeof Me>;

export const LoginBody = z.object({
  email: z.email().max(254),
  password: secretText(1, 200),
});
export type LoginBody = z.infer<typeof LoginBody>;

export const TokenResponse = z.object({ accessToken: z.string(), expiresIn: z.number().int() });
export type TokenResponse = z.infer<typeof TokenResponse>;

export const LoginResponse = TokenResponse.extend({ user: Me });
export type LoginResponse = z.infer<typeof LoginResponse>;

/** What a refresh gives: the new token and, from servers that send it, the user (a reload needs no /api/me). */
export const RefreshResponse = TokenResponse.extend({ user: Me.optional() });
export type RefreshResponse = z.infer<typeof RefreshResponse>;

export const AcceptInviteBody = z.object({
  token: secretText(10, 200),
  password: secretText(10, 200, 'at least 10 characters'),
});
export type AcceptInviteBody = z.infer<typeof AcceptInviteBody>;
