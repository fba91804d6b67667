import type { RouteMeta, RouteRecordRaw } from 'vue-router';
import type { MessageKey } from '@/i18n/message-key';

/** See requester.ts: page titles under any message key of the area. */
const title = (key: MessageKey) => key as RouteMeta['titleKey'];
const UUID = '[0-9a-fA-F-]{36}';

/** The mediator screens, each loaded on first visit; phone first. */
export const mediatorRoutes: RouteRecordRaw[] = [
  {
    path: '/offers',
    name: 'offers',
    component: () => import('@/views/mediator/OffersInboxView.vue'),
    meta: { roles: ['mediator'], titleKey: title('mediator.title') },
  },
  {
    // The link in offer emails.
    path: `/offers/:id(${UUID})`,
    name: 'offer',
    component: () => import('@/views/mediator/OfferView.vue'),
    meta: { roles: ['mediator'], titleKey: title('mediator.pageTitle') },
  },
  {
    path: '/agenda',
    name: 'agenda',
    component: () => import('@/views/mediator/AgendaView.vue'),
    meta: { roles: ['mediator'], titleKey: title('mediator.agendaTitle') },
  },
  {
    path: `/assignments/:requestId(${UUID})`,
    name: 'assignment',
    component: () => import('@/views/mediator/AssignmentView.vue'),
    meta: { roles: ['mediator'], titleKey: title('mediator.assignmentTitle') },
  },
  {
    path: '/availability',
    name: 'availability',
    component: () => import('@/views/mediator/AvailabilityView.vue'),
    meta: { roles: ['mediator'], titleKey: title('mediator.availabilityTitle') },
  },
  {
    path: '/profile',
    name: 'mediator-profile',
    component: () => import('@/views/mediator/ProfileView.vue'),
    meta: { roles: ['mediator'], titleKey: title('mediator.profileTitle') },
  },
];
