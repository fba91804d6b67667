import { randomUUID } from 'node:crypto';
import type { LoginResponse } from '@ponte/shared';
import type { AppContext } from '../../context.js';
import { rateLimited, unauthenticated } from '../../lib/errors.js';
import { hashPassword, verifyPassword } from '../../lib/passwords.js';
import { hashToken, newOpaqueToken } from '../../lib/tokens.js';
import { ACCESS_TOKEN_SECONDS, type Caller } from '../../plugins/auth.js';
import { toCaller, toMe } from '../users/user-mapper.js';
import { authRepository, type UserRow } from './auth.repository.js';

export const REFRESH_TOKEN_DAYS = 30;
const FAILURE_WINDOW_MS = 15 * 60 * 1000;
const MAX_FAILURES_PER_ACCOUNT = 5;
const MAX_FAILURES_PER_ADDRESS = 20;
export const REUSE_GRACE_MS = 20_000;

export interface Session {
  response: LoginResponse;
  refreshToken: string;
}

export function createAuthService(context: AppContext, signAccessToken: (caller: Caller) => string) {
  const { db, clock } = context;

  async function issueSession(user: UserRow, familyId: string = randomUUID()): Promise<Session> {
    const refreshToken = newOpaqueToken();
    const now = clock.now();
    await authRepository.insertRefreshToken(db, {
      userId: user.id,
      familyId,
      tokenHash: hashToken(refreshToken),
      expiresAt: new Date(now.getTime() + REFRESH_TOKEN_DAYS * 86_400_000),
      createdAt: now,
    });
    return {
      refreshToken,
      response: { accessToken: signAccessToken(toCaller(user)), expiresIn: ACCESS_TOKEN_SECONDS, user: toMe(user) },
    };
  }

  /**
   * Counts and decides under one lock per key, and counts this attempt as a failure before the password
   * is checked: parallel attempts queue on the lock and each sees the ones before it, so at most the
   * limit of attempts ever reaches the password check. A success takes its own rows back.
   */
  async function claimAttempt(keys: string[], limits: number[]): Promise<number[]> {
    return db.transaction(async (transaction) => {
      await authRepository.lockThrottleKeys(transaction, keys);
      const now = clock.now();
      const since = new Date(now.getTime() - FAILURE_WINDOW_MS);
      for (const [index, key] of keys.entries()) {
        const failures = await authRepository.countFailuresSince(transaction, key, since);
        if (failures >= (limits[index] ?? 0)) throw rateLimited(FAILURE_WINDOW_MS / 1000);
      }
      return authRepository.recordFailures(transaction, keys, now);
    });
  }

  return {
    async login(email: string, password: string, address: string): Promise<Session> {
      const keys = [`account:${email.toLowerCase()}`, `address:${address}`];
      const attempt = await claimAttempt(keys, [MAX_FAILURES_PER_ACCOUNT, MAX_FAILURES_PER_ADDRESS]);
      const user = await authRepository.findUserByEmail(db, email);
      const valid = await verifyPassword(user?.active ? user.passwordHash : null, password);
      // A failure is already counted: the attempt's rows stay.
      if (!user || !valid) throw unauthenticated('Wrong email or password');
      await authRepository.deleteFailures(db, attempt);
      await authRepository.clearFailures(db, keys[0] ?? '');
      return issueSession(user);
    },

    /**
     * Rotates the refresh token; presenting a spent one means it was stolen, so its whole family dies.
     * Within a few seconds of its use, a spent token is taken for the same browser retrying (a reload
     * that aborted the first answer, two tabs at once) and gets a fresh token instead.
     */
    async refresh(refreshToken: string | undefined): Promise<Session> {
      if (!refreshToken) throw unauthenticated('No session');
      const now = clock.now();
      const tokenHash = hashToken(refreshToken);
      const stored = await authRepository.findRefreshToken(db, tokenHash);
      if (!stored || stored.revokedAt || stored.expiresAt <= now) throw unauthenticated('Session expired');
      const spent = stored.usedAt === null && (await authRepository.spendRefreshToken(db, stored.id, now));
      if (!spent) {
        const usedAt = stored.usedAt ?? (await authRepository.findRefreshToken(db, tokenHash))?.usedAt ?? null;
        const retrying = usedAt !== null && now.getTime() - usedAt.getTime() <= REUSE_GRACE_MS;
        if (!retrying) {
          await authRepository.revokeFamily(db, stored.familyId, now);
          throw unauthenticated('Session revoked');
        }
      }
      const user = await authRepository.findUserById(db, stored.userId);
      if (!user?.active) throw unauthenticated('Session expired');
      return issueSession(user, stored.familyId);
    },

    async logout(refreshToken: string | undefined) {
      if (!refreshToken) return;
      const stored = await authRepository.findRefreshToken(db, hashToken(refreshToken));
      if (stored) await authRepository.revokeFamily(db, stored.familyId, clock.now());
    },

    async acceptInvite(token: string, password: string): Promise<Session> {
      const now = clock.now();
      const invitation = await authRepository.findInvitation(db, hashToken(token));
      if (!invitation || invitation.usedAt || invitation.expiresAt <= now)
        throw unauthenticated('This invitation is not valid any more');
      const passwordHash = await hashPassword(password);
      const user = await db.transaction(async (transaction) => {
        if (!(await authRepository.useInvitation(transaction, invitation.id, now))) return undefined;
        await authRepository.setPassword(transaction, invitation.userId, passwordHash);
        return authRepository.findUserById(transaction, invitation.userId);
      });
      if (!user) throw unauthenticated('This invitation is not valid any more');
      return issueSession(user);
    },

    async pruneLoginFailures() {
      await authRepository.deleteFailuresBefore(db, new Date(clock.now().getTime() - FAILURE_WINDOW_MS));
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
