import { flushPromises, type VueWrapper } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Router } from 'vue-router';
import { api } from '@/api/client';
import { applyLocale } from '@/i18n';
import { useSessionStore } from '@/stores/session';
import { buildMe, fakeFetch, jsonResponse, problemResponse } from '@/testing/http';
import { mountAt } from '@/testing/mount';
import SignInView from './SignInView.vue';

let wrapper: VueWrapper | undefined;

async function fillAndSubmit(view: VueWrapper, email: string, password: string) {
  await view.find('#sign-in-email').setValue(email);
  await view.find('#sign-in-password').setValue(password);
  await view.find('form').trigger('submit');
  await flushPromises();
}

describe('SignInView', () => {
  beforeEach(async () => {
    api.setAccessToken(null);
    await applyLocale('it');
  });
  afterEach(() => wrapper?.unmount());

  it('has a heading and labelled fields', async () => {
    ({ wrapper } = await mountAt(SignInView, '/login'));
    expect(wrapper.find('h1').text()).toBe('Accedi a Ponte');
    expect(wrapper.find('label[for="sign-in-email"]').text()).toBe('Email');
    expect(wrapper.find('label[for="sign-in-password"]').text()).toBe('Password');
  });

  it('blocks an invalid email before sending and says why, next to the field', async () => {
    const server = fakeFetch({});
    vi.stubGlobal('fetch', server.fetch);
    ({ wrapper } = await mountAt(SignInView, '/login'));

    await fillAndSubmit(wrapper, 'not-an-email', 'secret');

    expect(server.calls).toHaveLength(0);
    const email = wrapper.find('#sign-in-email');
    expect(email.attributes('aria-invalid')).toBe('true');
    expect(email.attributes('aria-describedby')).toBe('sign-in-email-error');
    expect(wrapper.find('#sign-in-email-error').text()).toContain('Inserisci un indirizzo email valido');
    expect(document.activeElement).toBe(email.element);
    expect(wrapper.find('#sign-in-password').attributes('aria-invalid')).toBeUndefined();
  });

  it('asks for both fields when empty, focusing the first', async () => {
    vi.stubGlobal('fetch', fakeFetch({}).fetch);
    ({ wrapper } = await mountAt(SignInView, '/login'));

    await fillAndSubmit(wrapper, '', '');

    expect(wrapper.find('#sign-in-email-error').text()).toBe('Campo obbligatorio');
    expect(wrapper.find('#sign-in-password-error').text()).toBe('Campo obbligatorio');
    expect(document.activeElement).toBe(wrapper.find('#sign-in-email').element);
  });

  it('shows "Email o password errati" on a 401 and keeps what was typed', async () => {
    vi.stubGlobal('fetch', fakeFetch({ 'POST /api/auth/login': [problemResponse(401, 'UNAUTHENTICATED')] }).fetch);
    ({ wrapper } = await mountAt(SignInView, '/login'));

    await fillAndSubmit(wrapper, 'docente@ponte.demo', 'wrong-password');

    const alert = wrapper.find('[role="alert"]');
    expect(alert.text()).toBe('Email o password errati');
    expect(document.activeElement).toBe(alert.element);
    expect((wrapper.find('#sign-in-email').element as HTMLInputElement).value).toBe('docente@ponte.demo');
    expect((wrapper.find('#sign-in-password').element as HTMLInputElement).value).toBe('wrong-password');
  });

  it('says to wait after too many attempts (429)', async () => {
    vi.stubGlobal('fetch', fakeFetch({ 'POST /api/auth/login': [problemResponse(429, 'RATE_LIMITED')] }).fetch);
    ({ wrapper } = await mountAt(SignInView, '/login'));

    await fillAndSubmit(wrapper, 'docente@ponte.demo', 'ponte-demo-2026');

    expect(wrapper.find('[role="alert"]').text()).toBe('Troppi tentativi, riprova tra qualche minuto');
  });

  it('says the service is unreachable, keeping the input, when the network fails or the API is down', async () => {
    vi.stubGlobal('fetch', () => Promise.reject(new TypeError('Failed to fetch')));
    ({ wrapper } = await mountAt(SignInView, '/login'));

    await fillAndSubmit(wrapper, 'docente@ponte.demo', 'ponte-demo-2026');
    expect(wrapper.find('[role="alert"]').text()).toContain('Il servizio non è raggiungibile');
    expect((wrapper.find('#sign-in-email').element as HTMLInputElement).value).toBe('docente@ponte.demo');
    expect((wrapper.find('#sign-in-password').element as HTMLInputElement).value).toBe('ponte-demo-2026');

    vi.stubGlobal('fetch', fakeFetch({ 'POST /api/auth/login': [problemResponse(503, 'UNAVAILABLE')] }).fetch);
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(wrapper.find('[role="alert"]').text()).toContain('Il servizio non è raggiungibile');
  });

  it('shows server field errors next to their fields', async () => {
    vi.stubGlobal(
      'fetch',
      fakeFetch({
        'POST /api/auth/login': [
          problemResponse(400, 'VALIDATION_FAILED', {
            errors: [{ path: 'password', message: 'Too big: expected string to have <=200 characters' }],
          }),
        ],
      }).fetch,
    );
    ({ wrapper } = await mountAt(SignInView, '/login'));

    await fillAndSubmit(wrapper, 'docente@ponte.demo', 'ponte-demo-2026');

    expect(wrapper.find('#sign-in-password').attributes('aria-invalid')).toBe('true');
    expect(wrapper.find('#sign-in-password-error').text()).toContain('expected string');
    expect(document.activeElement).toBe(wrapper.find('#sign-in-password').element);
  });

  it('signs in and goes to the home page', async () => {
    const server = fakeFetch({
      'POST /api/auth/login': [jsonResponse(200, { accessToken: 'access-1', expiresIn: 900, user: buildMe() })],
    });
    vi.stubGlobal('fetch', server.fetch);
    let router: Router;
    ({ wrapper, router } = await mountAt(SignInView, '/login'));

    await fillAndSubmit(wrapper, '  docente@ponte.demo ', 'ponte-demo-2026');

    expect(server.calls[0]?.body).toEqual({ email: 'docente@ponte.demo', password: 'ponte-demo-2026' });
    await vi.waitFor(() => expect(router.currentRoute.value.path).toBe('/'));
    expect(useSessionStore().user?.name).toBe('Marco Brambilla');
  });

  it('goes back where the visitor was sent from, but never off the site', async () => {
    const login = () => jsonResponse(200, { accessToken: 'access-1', expiresIn: 900, user: buildMe() });
    vi.stubGlobal('fetch', fakeFetch({ 'POST /api/auth/login': [login(), login()] }).fetch);
    let router: Router;
    ({ wrapper, router } = await mountAt(SignInView, '/login?redirect=/forbidden'));
    await fillAndSubmit(wrapper, 'docente@ponte.demo', 'ponte-demo-2026');
    await vi.waitFor(() => expect(router.currentRoute.value.path).toBe('/forbidden'));
    wrapper.unmount();

    ({ wrapper, router } = await mountAt(SignInView, '/login?redirect=//evil.example/phish'));
    await fillAndSubmit(wrapper, 'docente@ponte.demo', 'ponte-demo-2026');
    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe('/'));
  });
});
