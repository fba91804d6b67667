import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory } from 'vue-router';
import { api } from '@/api/client';
import { applyLocale, i18n } from '@/i18n';
import { createAppRouter } from '@/router';
import { installFakeEventSource } from '@/testing/fake-event-source';
import { buildMe, fakeFetch, jsonResponse, noContent } from '@/testing/http';
import App from './App.vue';

async function mountApp(path: string) {
  const pinia = createPinia();
  setActivePinia(pinia);
  const router = createAppRouter(createMemoryHistory());
  await router.push(path);
  await router.isReady();
  const wrapper = mount(App, { global: { plugins: [pinia, router, i18n] }, attachTo: document.body });
  await flushPromises();
  return { wrapper, router };
}

describe('App frame', () => {
  beforeEach(async () => {
    api.setAccessToken(null);
    localStorage.clear();
    await applyLocale('it');
  });

  it('has a skip link, the landmarks and the PA header', async () => {
    vi.stubGlobal('fetch', fakeFetch({ 'POST /api/auth/refresh': [new Response(null, { status: 401 })] }).fetch);
    const { wrapper } = await mountApp('/login');

    expect(wrapper.find('a[href="#main-content"]').text()).toBe('Vai al contenuto principale');
    expect(wrapper.find('header[role="banner"]').text()).toContain('Mediazione linguistico-culturale su chiamata');
    expect(wrapper.find('main#main-content').exists()).toBe(true);
    expect(wrapper.find('footer[role="contentinfo"]').exists()).toBe(true);
    expect(wrapper.find('header').text()).not.toContain('Esci');
    expect(document.title).toBe('Accedi a Ponte · Ponte');
    wrapper.unmount();
  });

  it('switches the language from the header, in <html lang> and on the device', async () => {
    vi.stubGlobal('fetch', fakeFetch({ 'POST /api/auth/refresh': [new Response(null, { status: 401 })] }).fetch);
    const { wrapper } = await mountApp('/login');

    await wrapper.find('button[lang="en"]').trigger('click');
    await vi.waitFor(() => expect(document.documentElement.lang).toBe('en'));
    await flushPromises();
    expect(wrapper.find('h1').text()).toBe('Sign in to Ponte');
    expect(wrapper.find('button[lang="en"]').attributes('aria-pressed')).toBe('true');
    expect(localStorage.getItem('ponte.locale')).toBe('en');
    wrapper.unmount();
  });

  it('shows who is signed in with a sign-out button that leads back to sign in', async () => {
    const server = fakeFetch({
      'POST /api/auth/refresh': [jsonResponse(200, { accessToken: 'restored', expiresIn: 900 })],
      'GET /api/me': [
        jsonResponse(
          200,
          buildMe({ role: 'mediator', organizationId: null, mediatorId: '0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e' }),
        ),
      ],
      'POST /api/auth/logout': [noContent()],
      // The home page and the header's count both read the mediator's pending offers.
      'GET /api/offers': () => jsonResponse(200, []),
    });
    vi.stubGlobal('fetch', server.fetch);
    installFakeEventSource();
    const { wrapper, router } = await mountApp('/');

    expect(wrapper.find('h1').text()).toBe('Ti diamo il benvenuto, Marco Brambilla');
    expect(wrapper.text()).toContain('Mediatrice o mediatore');
    expect(wrapper.text()).toContain('0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e');
    expect(wrapper.text()).toContain('proposte di incarico');
    // The home page and the header's count share one read of the pending offers.
    expect(server.callsTo('GET', '/api/offers')).toHaveLength(1);

    const signOut = wrapper.findAll('header button').find((button) => button.text() === 'Esci');
    await signOut?.trigger('click');
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('sign-in'));
    expect(server.callsTo('POST', '/api/auth/logout')).toHaveLength(1);
    wrapper.unmount();
  });
});
