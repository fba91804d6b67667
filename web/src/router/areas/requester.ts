import type { RouteRecordRaw } from 'vue-router';

/** The requester screens, each loaded on first visit. */
export const requesterRoutes: RouteRecordRaw[] = [];
