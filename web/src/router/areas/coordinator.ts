import type { RouteRecordRaw } from 'vue-router';

/** The coordinator screens, each loaded on first visit. */
export const coordinatorRoutes: RouteRecordRaw[] = [];
