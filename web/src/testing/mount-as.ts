import type { Me } from '@ponte/shared';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { h, type Component } from 'vue';
import { createMemoryHistory, createRouter, RouterView, type Router } from 'vue-router';
import { i18n } from '@/i18n';
import { routes } from '@/router';
import { useSessionStore } from '@/stores/session';
import { buildMe } from './http';

/**
 * Mounts a view at an address for a signed-in user (as the router guard would leave it), with the app's
 * plugins, and waits for what it loads on mount. The view renders inside a RouterView, as in the app
 * (route guards such as onBeforeRouteLeave need that); the address must lead to it. The access guard
 * itself is left out.
 */
export async function mountAs(
  view: Component,
  path: string,
  user: Me = buildMe(),
): Promise<{ wrapper: ReturnType<typeof mount>; router: Router }> {
  const pinia = createPinia();
  setActivePinia(pinia);
  useSessionStore().user = user;
  const router = createRouter({ history: createMemoryHistory(), routes });
  await router.push(path);
  await router.isReady();
  const shown = router.currentRoute.value.matched.at(-1)?.components?.default;
  if (shown !== view) throw new Error(`mountAs: ${path} does not lead to the view under test`);
  const wrapper = mount(
    { render: () => h(RouterView) },
    { global: { plugins: [pinia, router, i18n] }, attachTo: document.body },
  );
  await flushPromises();
  return { wrapper, router };
}
