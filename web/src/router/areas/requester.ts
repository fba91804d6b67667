import type { RouteMeta, RouteRecordRaw } from 'vue-router';
import type { MessageKey } from '@/i18n/message-key';

/**
 * RouteMeta.titleKey only admits `<section>.title`/`pageTitle`; an area has more pages than that, so
 * its titles use any message key (checked here as a MessageKey; App.vue translates whatever it gets).
 */
const title = (key: MessageKey) => key as RouteMeta['titleKey'];
const UUID = '[0-9a-fA-F-]{36}';

/** The requester screens, each loaded on first visit. */
export const requesterRoutes: RouteRecordRaw[] = [
  {
    path: '/requests',
    name: 'requests',
    component: () => import('@/views/requester/RequestListView.vue'),
    meta: { roles: ['requester'], titleKey: title('requester.title') },
  },
  {
    path: '/requests/new',
    name: 'new-request',
    component: () => import('@/views/requester/NewRequestView.vue'),
    meta: { roles: ['requester'], titleKey: title('requester.newRequestTitle') },
  },
  {
    path: `/requests/:id(${UUID})`,
    name: 'request',
    component: () => import('@/views/requester/RequestView.vue'),
    meta: { roles: ['requester'], titleKey: title('requester.pageTitle') },
  },
  {
    path: `/series/:id(${UUID})`,
    name: 'series',
    component: () => import('@/views/requester/SeriesView.vue'),
    meta: { roles: ['requester'], titleKey: title('requester.series.pageTitle') },
  },
];
