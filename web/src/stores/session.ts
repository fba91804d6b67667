import { AcceptInviteBody, LoginBody, LoginResponse, Me, type Locale, type MePatch } from '@ponte/shared';
import { defineStore } from 'pinia';
import { computed, onScopeDispose, ref } from 'vue';
import { api, ApiError, mayHaveSession } from '@/api/client';
import { applyLocale, rememberLocale } from '@/i18n';
import { forgetCopies, recallCopy, rememberCopy } from '@/pwa/offline-copy';
import { createPushDevice } from '@/pwa/push-device';

/** Who was signed in on this device last: lets the installed app open offline on its saved lists. */
const LAST_USER = 'last';

/** Who is signed in. The access token lives in the API client's memory; this store mirrors it. */
export const useSessionStore = defineStore('session', () => {
  const user = ref<Me | null>(null);
  const accessToken = ref<string | null>(api.getAccessToken());
  const isSignedIn = computed(() => user.value !== null);
  let restoring: Promise<boolean> | null = null;

  const stopListening = api.onAccessTokenChange((token) => {
    accessToken.value = token;
    // The refresh cookie was refused mid-session (expired, revoked): nobody is signed in any more.
    if (token === null) user.value = null;
  });
  onScopeDispose(stopListening);

  /** The account's language wins after sign-in: it is what the user chose on any device. */
  async function startSession(session: LoginResponse): Promise<void> {
    api.setAccessToken(session.accessToken);
    user.value = session.user;
    rememberCopy(LAST_USER, 'me', session.user);
    // This device's notifications, if on, now go to whoever just signed in.
    void createPushDevice()
      .resync({ forWhoeverSignedIn: true })
      .catch(() => undefined);
    if (await applyLocale(session.user.locale)) rememberLocale(session.user.locale);
  }

  async function signIn(email: string, password: string): Promise<void> {
    const body: LoginBody = { email, password };
    await startSession(await api.request('POST', '/api/auth/login', { body, schema: LoginResponse }));
  }

  async function acceptInvite(token: string, password: string): Promise<void> {
    const body: AcceptInviteBody = { token, password };
    await startSession(await api.request('POST', '/api/auth/accept-invite', { body, schema: LoginResponse }));
  }

  /**
   * Signs back in from the httpOnly refresh cookie (a reload, a new tab). Resolves to whether a session
   * was restored; a refused cookie or an unreachable server both leave the visitor signed out.
   */
  async function restore(): Promise<boolean> {
    // Signed out (never signed in here, or signed out since): no refresh to try, no 401 in the console.
    if (!mayHaveSession()) return false;
    try {
      // The refresh answers with the user too: a reload waits for one round trip, not two.
      const refreshed = await api.refreshSession();
      const me = refreshed.user ?? (await api.request('GET', '/api/me', { schema: Me }));
      user.value = me;
      rememberCopy(LAST_USER, 'me', me);
      // A subscription the push service renewed while no Ponte page was open is registered now.
      void createPushDevice()
        .resync()
        .catch(() => undefined);
      if (await applyLocale(me.locale)) rememberLocale(me.locale);
      return true;
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      // Offline (the installed app on a phone without signal): the last person's saved lists still
      // show, with the offline banner; anything that needs the server says so when tried.
      const last = error.isUnreachable ? recallCopy(LAST_USER, 'me', Me) : null;
      if (last) {
        user.value = last.value;
        return true;
      }
      api.setAccessToken(null);
      user.value = null;
      return false;
    }
  }

  /** restore() at most once per page load: the router guard calls this before every navigation. */
  function restoreOnce(): Promise<boolean> {
    restoring ??= restore();
    return restoring;
  }

  async function signOut(): Promise<void> {
    // Best effort, while the session still lets it: this device stops getting the person's pushes.
    await createPushDevice()
      .turnOff()
      .catch(() => undefined);
    forgetCopies();
    try {
      await api.request('POST', '/api/auth/logout');
    } catch (error) {
      // Signing out must always work on this device, even when the server cannot hear about it.
      if (!(error instanceof ApiError)) throw error;
    } finally {
      api.setAccessToken(null);
      user.value = null;
    }
  }

  /** Switches the UI language, remembers it on this device and, when signed in, on the account. */
  async function setLocale(locale: Locale): Promise<void> {
    if (!(await applyLocale(locale))) return;
    rememberLocale(locale);
    if (!user.value || user.value.locale === locale) return;
    const patch: MePatch = { locale };
    try {
      user.value = await api.request('PATCH', '/api/me', { body: patch, schema: Me });
    } catch (error) {
      // The screen already speaks the new language; the account keeps the old one until next time.
      if (!(error instanceof ApiError)) throw error;
    }
  }

  return { user, accessToken, isSignedIn, signIn, acceptInvite, restore, restoreOnce, signOut, setLocale };
});
