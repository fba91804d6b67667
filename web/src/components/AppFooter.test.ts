import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { applyLocale, i18n } from '@/i18n';
import { useSessionStore } from '@/stores/session';
import { MEDIATOR_ID } from '@/testing/factories';
import { buildMe } from '@/testing/http';
import AppFooter from './AppFooter.vue';

describe('AppFooter', () => {
  beforeEach(async () => {
    await applyLocale('it');
  });

  function footerFor(user: ReturnType<typeof buildMe> | null) {
    const pinia = createPinia();
    setActivePinia(pinia);
    useSessionStore().user = user;
    return mount(AppFooter, { global: { plugins: [pinia, i18n] } });
  }

  it('links the API documentation for coordinators only', () => {
    const coordinator = footerFor(buildMe({ role: 'coordinator', organizationId: null }));
    expect(coordinator.find('a[href="/docs"]').text()).toBe('Documentazione delle API');

    for (const user of [
      buildMe({ role: 'requester' }),
      buildMe({ role: 'mediator', organizationId: null, mediatorId: MEDIATOR_ID }),
      null,
    ]) {
      expect(footerFor(user).find('a[href="/docs"]').exists()).toBe(false);
    }
  });
});
