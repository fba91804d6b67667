import { Availability, AvailabilityInput } from '@ponte/shared';
import { defineStore } from 'pinia';
import type { z } from 'zod';
import { api } from '@/api/client';

const availabilityPath = (mediatorId: string) => `/api/mediators/${encodeURIComponent(mediatorId)}/availability`;

/**
 * A mediator's weekly availability and time off, read and saved whole (one PUT), by the mediator's own
 * screen and by the coordinator's editor alike. Nothing is kept: each editor holds what it shows.
 */
export const useAvailabilityStore = defineStore('availability', () => {
  const fetch = (mediatorId: string): Promise<Availability> =>
    api.request('GET', availabilityPath(mediatorId), { schema: Availability });

  const save = (mediatorId: string, body: z.output<typeof AvailabilityInput>): Promise<Availability> =>
    api.request('PUT', availabilityPath(mediatorId), { body, schema: Availability });

  return { fetch, save };
});
