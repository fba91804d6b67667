import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { api } from '@/api/client';
import { applyLocale, i18n } from '@/i18n';
import { fakeFetch, jsonResponse, problemResponse } from '@/testing/http';
import AvailabilityEditor from './AvailabilityEditor.vue';
import { ids } from './test-factories';

const path = `/api/mediators/${ids.mediator}/availability`;
const saved = {
  weekly: [
    { weekday: 3, start: '14:00', end: '24:00' },
    { weekday: 1, start: '08:30', end: '12:30' },
  ],
  timeOff: [
    {
      id: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
      startsAt: '2026-12-24T00:00:00+01:00',
      endsAt: '2027-01-07T00:00:00+01:00',
      reason: 'Ferie',
    },
  ],
};

let wrapper: VueWrapper | undefined;
const value = (selector: string) => (wrapper?.find(selector).element as HTMLInputElement).value;

async function mountEditor() {
  wrapper = mount(AvailabilityEditor, {
    props: { mediatorId: ids.mediator },
    global: { plugins: [createPinia(), i18n] },
    attachTo: document.body,
  });
  await flushPromises();
  return wrapper;
}

describe('AvailabilityEditor', () => {
  beforeEach(async () => {
    api.setAccessToken(null);
    await applyLocale('it');
  });
  afterEach(() => wrapper?.unmount());

  it('shows the week in order and time off in Rome time; midnight ends read 00:00', async () => {
    vi.stubGlobal('fetch', fakeFetch({ [`GET ${path}`]: [jsonResponse(200, saved)] }).fetch);
    await mountEditor();

    expect(value('#availability-weekly-0-weekday')).toBe('1');
    expect(value('#availability-weekly-1-weekday')).toBe('3');
    expect(value('#availability-weekly-1-end')).toBe('00:00');
    expect(value('#availability-timeOff-0-startsAt')).toBe('2026-12-24T00:00');
    expect(value('#availability-timeOff-0-reason')).toBe('Ferie');
  });

  it('sends the same shape back (24:00, offsets, no ids) and places the server’s errors by path', async () => {
    const server = fakeFetch({
      [`GET ${path}`]: [jsonResponse(200, saved)],
      [`PUT ${path}`]: [
        problemResponse(400, 'VALIDATION_FAILED', {
          errors: [
            { path: 'weekly.1.end', message: 'overlaps another slot' },
            { path: 'timeOff.0.endsAt', message: 'must be after startsAt' },
          ],
        }),
      ],
    });
    vi.stubGlobal('fetch', server.fetch);
    await mountEditor();

    await wrapper!.find('form').trigger('submit');
    await flushPromises();

    expect(server.callsTo('PUT', path)[0]?.body).toEqual({
      weekly: [
        { weekday: 1, start: '08:30', end: '12:30' },
        { weekday: 3, start: '14:00', end: '24:00' },
      ],
      timeOff: [{ startsAt: '2026-12-24T00:00:00+01:00', endsAt: '2027-01-07T00:00:00+01:00', reason: 'Ferie' }],
    });
    expect(wrapper!.find('#availability-weekly-1-end-error').text()).toBe('overlaps another slot');
    expect(wrapper!.find('#availability-timeOff-0-endsAt-error').text()).toBe('must be after startsAt');
    expect(document.activeElement).toBe(wrapper!.find('#availability-weekly-1-end').element);
  });

  it('checks slots before sending: the end must come after the start', async () => {
    const server = fakeFetch({ [`GET ${path}`]: [jsonResponse(200, { weekly: [], timeOff: [] })] });
    vi.stubGlobal('fetch', server.fetch);
    await mountEditor();

    await wrapper!.find('#availability-add-slot').trigger('click');
    await wrapper!.find('#availability-weekly-0-start').setValue('15:00');
    await wrapper!.find('#availability-weekly-0-end').setValue('13:00');
    await wrapper!.find('form').trigger('submit');
    await flushPromises();

    expect(server.callsTo('PUT', path)).toHaveLength(0);
    expect(wrapper!.find('#availability-weekly-0-end-error').text()).toBe('La fine deve venire dopo l’inizio');
  });
});
