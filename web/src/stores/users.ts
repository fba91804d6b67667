import { listOf, User, UserCreated, type UserCreate } from '@ponte/shared';
import { defineStore } from 'pinia';
import type { z } from 'zod';
import { api } from '@/api/client';

const UserPage = listOf(User);

/** Accounts as coordinators list and invite them. */
export const useUsersStore = defineStore('users', () => {
  const fetchPage = (query: { limit: number; offset?: number }) =>
    api.request('GET', '/api/users', { query, schema: UserPage });
  /** Creates the account and its invitation link (sent by e-mail too). */
  const invite = (body: z.output<typeof UserCreate>) =>
    api.request('POST', '/api/users', { body, schema: UserCreated });
  return { fetchPage, invite };
});
