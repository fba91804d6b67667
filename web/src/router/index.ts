import type { Role } from '@ponte/shared';
import {
  createRouter,
  createWebHistory,
  type RouteLocationNormalized,
  type RouteLocationRaw,
  type Router,
  type RouterHistory,
  type RouteRecordRaw,
} from 'vue-router';
import type { MessageSchema } from '@/i18n/it';
import { useSessionStore } from '@/stores/session';
import SignInView from '@/views/SignInView.vue';
import { coordinatorRoutes } from './areas/coordinator';
import { mediatorRoutes } from './areas/mediator';
import { requesterRoutes } from './areas/requester';

type PageTitleKey = {
  [Section in keyof MessageSchema]: `${Section & string}.${'title' | 'pageTitle'}`;
}[keyof MessageSchema];

declare module 'vue-router' {
  interface RouteMeta {
    /** Reachable without signing in. */
    public?: boolean;
    /** Only for signed-out visitors (the sign-in page): a signed-in user is sent on. */
    guestOnly?: boolean;
    /** Roles allowed; absent means any signed-in user. */
    roles?: readonly Role[];
    /** i18n key of the document title. */
    titleKey?: PageTitleKey;
  }
}

export const routes: RouteRecordRaw[] = [
  {
    path: '/login',
    name: 'sign-in',
    // The first page of most visits: in the entry chunk, so a phone paints it without one more round trip.
    component: SignInView,
    meta: { public: true, guestOnly: true, titleKey: 'signIn.title' },
  },
  {
    path: '/invite',
    name: 'accept-invite',
    component: () => import('@/views/AcceptInviteView.vue'),
    meta: { public: true, titleKey: 'invite.title' },
  },
  {
    path: '/',
    name: 'home',
    component: () => import('@/views/HomeView.vue'),
    meta: { titleKey: 'home.pageTitle' },
  },
  ...requesterRoutes,
  ...mediatorRoutes,
  ...coordinatorRoutes,
  {
    path: '/account',
    name: 'account',
    component: () => import('@/pwa/AccountView.vue'),
    meta: { titleKey: 'pwa.title' },
  },
  {
    path: '/forbidden',
    name: 'forbidden',
    component: () => import('@/views/NotAllowedView.vue'),
    meta: { titleKey: 'forbidden.title' },
  },
  {
    path: '/:pathMatch(.*)*',
    name: 'not-found',
    component: () => import('@/views/NotFoundView.vue'),
    meta: { public: true, titleKey: 'notFound.title' },
  },
];

/** Only paths inside this app: `?redirect=//evil.example` or `https://…` must not leave it. */
export function safeRedirect(target: unknown): string {
  return typeof target === 'string' && target.startsWith('/') && !target.startsWith('//') && !target.startsWith('/\\')
    ? target
    : '/';
}

/**
 * Starts downloading the page's lazy chunks while the session is restored, instead of after: on a phone's
 * network that is one round trip less before the first paint. The router's own load later finds them cached.
 */
function warmLazyViews(to: RouteLocationNormalized): void {
  for (const record of to.matched)
    for (const component of Object.values(record.components ?? {}))
      if (typeof component === 'function') void (component as () => Promise<unknown>)().catch(() => undefined);
}

/** Restores the session once, then keeps signed-out visitors and wrong roles where they belong. */
export function installAccessGuard(router: Router): void {
  router.beforeEach(async (to): Promise<true | RouteLocationRaw> => {
    const session = useSessionStore();
    warmLazyViews(to);
    await session.restoreOnce();
    const user = session.user;
    if (to.meta.public) {
      return to.meta.guestOnly && user ? safeRedirect(to.query.redirect) : true;
    }
    if (!user) {
      return { name: 'sign-in', query: to.fullPath === '/' ? {} : { redirect: to.fullPath } };
    }
    if (to.meta.roles && !to.meta.roles.includes(user.role)) {
      return { name: 'forbidden' };
    }
    return true;
  });
}

export function createAppRouter(history: RouterHistory = createWebHistory(import.meta.env.BASE_URL)): Router {
  const router = createRouter({
    history,
    routes,
    // In-page links (the skip link) scroll to their target; back/forward restore; new pages start at the top.
    scrollBehavior: (to, _from, savedPosition) => savedPosition ?? (to.hash ? { el: to.hash } : { top: 0 }),
  });
  installAccessGuard(router);
  return router;
}
