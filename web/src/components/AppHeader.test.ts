import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import { api } from '@/api/client';
import { applyLocale, i18n } from '@/i18n';
import { routes } from '@/router';
import { useSessionStore } from '@/stores/session';
import { buildOffer, MEDIATOR_ID } from '@/testing/factories';
import { installFakeEventSource } from '@/testing/fake-event-source';
import { buildMe, fakeFetch, jsonResponse } from '@/testing/http';
import AppHeader from './AppHeader.vue';

describe('AppHeader', () => {
  let wrapper: VueWrapper | undefined;
  let live: ReturnType<typeof installFakeEventSource>;

  beforeEach(async () => {
    api.setAccessToken('access-1');
    live = installFakeEventSource();
    await applyLocale('it');
  });
  afterEach(() => {
    wrapper?.unmount();
    api.setAccessToken(null);
  });

  async function mountFor(role: 'mediator' | 'requester') {
    const pinia = createPinia();
    setActivePinia(pinia);
    useSessionStore().user = buildMe(
      role === 'mediator' ? { role, organizationId: null, mediatorId: MEDIATOR_ID } : {},
    );
    const router = createRouter({ history: createMemoryHistory(), routes });
    await router.push('/agenda');
    wrapper = mount(AppHeader, { global: { plugins: [pinia, router, i18n] }, attachTo: document.body });
    await flushPromises();
    return wrapper;
  }

  it('counts the offers waiting for a mediator beside "Proposte", on any page, and follows them live', async () => {
    const first = buildOffer();
    const second = buildOffer();
    vi.stubGlobal('fetch', fakeFetch({ 'GET /api/offers': [jsonResponse(200, [first, second])] }).fetch);
    const header = await mountFor('mediator');
    const offersLink = () => header.findAll('.ponte-nav__link').find((link) => link.attributes('href') === '/offers');

    expect(offersLink()?.find('.ponte-offer-count').text()).toBe('2');
    expect(offersLink()?.text()).toContain('2 proposte in attesa');

    live.emit('offer.withdrawn', { id: first.id, requestId: first.request.id, status: 'withdrawn' });
    await flushPromises();
    expect(offersLink()?.find('.ponte-offer-count').text()).toBe('1');
  });

  it('asks nothing about offers for a requester', async () => {
    const server = fakeFetch({});
    vi.stubGlobal('fetch', server.fetch);
    const header = await mountFor('requester');
    expect(header.find('.ponte-offer-count').exists()).toBe(false);
    expect(server.calls).toHaveLength(0);
  });
});
