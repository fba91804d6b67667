import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import type { Component } from 'vue';
import { createMemoryHistory, createRouter, type Router } from 'vue-router';
import { i18n } from '@/i18n';
import { routes } from '@/router';

/** Mounts a view with the app's plugins at a given address; the access guard is left out on purpose. */
export async function mountAt(
  view: Component,
  path: string,
): Promise<{ wrapper: ReturnType<typeof mount>; router: Router }> {
  const pinia = createPinia();
  setActivePinia(pinia);
  const router = createRouter({ history: createMemoryHistory(), routes });
  await router.push(path);
  await router.isReady();
  const wrapper = mount(view, { global: { plugins: [pinia, router, i18n] }, attachTo: document.body });
  return { wrapper, router };
}
