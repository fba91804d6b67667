import type { RouteRecordRaw } from 'vue-router';

/** The mediator screens, each loaded on first visit. */
export const mediatorRoutes: RouteRecordRaw[] = [];
