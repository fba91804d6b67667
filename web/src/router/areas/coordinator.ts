import type { RouteRecordRaw } from 'vue-router';

/**
 * The coordinator screens, each loaded on first visit, inside one layout that carries the section's
 * navigation. The pages set their own document titles (see usePageTitle): route meta can only name a
 * section's title, which stays the fallback while a page loads.
 */
export const coordinatorRoutes: RouteRecordRaw[] = [
  {
    path: '/coordinator',
    component: () => import('@/views/coordinator/CoordinatorLayout.vue'),
    meta: { roles: ['coordinator'], titleKey: 'coordinator.title' },
    children: [
      { path: '', name: 'coordinator-dashboard', component: () => import('@/views/coordinator/DashboardView.vue') },
      {
        path: 'requests',
        name: 'coordinator-requests',
        component: () => import('@/views/coordinator/RequestsView.vue'),
      },
      {
        path: 'requests/:id',
        name: 'coordinator-request',
        component: () => import('@/views/coordinator/RequestView.vue'),
      },
      {
        path: 'mediators',
        name: 'coordinator-mediators',
        component: () => import('@/views/coordinator/MediatorsView.vue'),
      },
      {
        path: 'mediators/new',
        name: 'coordinator-mediator-new',
        component: () => import('@/views/coordinator/MediatorEditView.vue'),
      },
      {
        path: 'mediators/:id',
        name: 'coordinator-mediator',
        component: () => import('@/views/coordinator/MediatorEditView.vue'),
      },
      {
        path: 'organizations',
        name: 'coordinator-organizations',
        component: () => import('@/views/coordinator/OrganizationsView.vue'),
      },
      {
        path: 'organizations/new',
        name: 'coordinator-organization-new',
        component: () => import('@/views/coordinator/OrganizationEditView.vue'),
      },
      {
        path: 'organizations/:id',
        name: 'coordinator-organization',
        component: () => import('@/views/coordinator/OrganizationEditView.vue'),
      },
      { path: 'users', name: 'coordinator-users', component: () => import('@/views/coordinator/UsersView.vue') },
      {
        path: 'users/new',
        name: 'coordinator-user-new',
        component: () => import('@/views/coordinator/UserInviteView.vue'),
      },
      // The funding page draws burn-down charts: chart.js loads with it, as with the reports.
      {
        path: 'funding',
        name: 'coordinator-funding',
        component: () => import('@/views/coordinator/FundingView.vue'),
        meta: { roles: ['coordinator'] },
      },
      // The reports load chart.js too: it stays out of every other page's bundle.
      {
        path: 'reports',
        name: 'coordinator-reports',
        component: () => import('@/views/coordinator/reports/ReportsView.vue'),
        meta: { roles: ['coordinator'] },
      },
    ],
  },
];
