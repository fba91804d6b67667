import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { h } from 'vue';
import { createMemoryHistory, createRouter, RouterView } from 'vue-router';
import { api } from '@/api/client';
import { applyLocale, i18n } from '@/i18n';
import { fakeFetch, jsonResponse, problemResponse } from '@/testing/http';
import AvailabilityEditor from './AvailabilityEditor.vue';
import { ids } from '@/components/coordinator/test-factories';

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

const day = (index: number) => wrapper!.findAll('fieldset.ponte-day')[index]!;
const slotInput = (dayIndex: number, field: 'start' | 'end') =>
  day(dayIndex).find(`input[id$="-${field}"]`).element as HTMLInputElement;

/** Inside a RouterView, as on both pages (its leave guard needs a route). */
async function mountEditor(audience: 'self' | 'coordinator' = 'coordinator') {
  const page = { render: () => h(AvailabilityEditor, { mediatorId: ids.mediator, audience }) };
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/', component: page }] });
  await router.push('/');
  wrapper = mount(
    { render: () => h(RouterView) },
    { global: { plugins: [createPinia(), router, i18n] }, attachTo: document.body },
  );
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

    // Monday's slot under Monday, Wednesday's under Wednesday.
    expect(slotInput(0, 'start').value).toBe('08:30');
    expect(slotInput(2, 'start').value).toBe('14:00');
    expect(slotInput(2, 'end').value).toBe('00:00');
    expect(value('fieldset.ponte-period input[id$="-from"]')).toBe('2026-12-24T00:00');
    expect(value('fieldset.ponte-period input[id$="-reason"]')).toBe('Ferie');
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
    const wednesdayEnd = slotInput(2, 'end');
    expect(wrapper!.find(`#${wednesdayEnd.getAttribute('aria-describedby')}`).text()).toBe(
      'Alle: overlaps another slot',
    );
    const to = wrapper!.find('fieldset.ponte-period input[id$="-to"]');
    expect(wrapper!.find(`#${to.attributes('aria-describedby')}`).text()).toBe('must be after startsAt');
    expect(document.activeElement).toBe(wednesdayEnd);
  });

  it('checks slots before sending: the end must come after the start', async () => {
    const server = fakeFetch({ [`GET ${path}`]: [jsonResponse(200, { weekly: [], timeOff: [] })] });
    vi.stubGlobal('fetch', server.fetch);
    await mountEditor();

    await wrapper!.find('#add-slot-1').trigger('click');
    await day(0).find('input[id$="-start"]').setValue('15:00');
    await day(0).find('input[id$="-end"]').setValue('13:00');
    await wrapper!.find('form').trigger('submit');
    await flushPromises();

    expect(server.callsTo('PUT', path)).toHaveLength(0);
    const end = day(0).find('input[id$="-end"]');
    expect(wrapper!.find(`#${end.attributes('aria-describedby')}`).text()).toBe(
      'Alle: La fine deve venire dopo l’inizio',
    );
  });

  it('speaks of the mediator to the coordinator, one heading level below the page’s section', async () => {
    vi.stubGlobal('fetch', fakeFetch({ [`GET ${path}`]: [jsonResponse(200, saved)] }).fetch);
    await mountEditor('coordinator');
    expect(wrapper!.find('h3#time-off-heading').exists()).toBe(true);
    expect(wrapper!.text()).toContain('in questi periodi non riceve proposte');
    wrapper!.unmount();

    vi.stubGlobal('fetch', fakeFetch({ [`GET ${path}`]: [jsonResponse(200, saved)] }).fetch);
    await mountEditor('self');
    expect(wrapper!.find('h2#time-off-heading').exists()).toBe(true);
    expect(wrapper!.text()).toContain('in questi periodi non ricevi proposte');
  });
});
