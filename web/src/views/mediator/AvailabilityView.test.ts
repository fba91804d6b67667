import { flushPromises, type VueWrapper } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { applyLocale } from '@/i18n';
import { buildAvailability, MEDIATOR_ID } from '@/testing/factories';
import { buildMe, fakeFetch, jsonResponse, problemResponse } from '@/testing/http';
import { mountAs } from '@/testing/mount-as';
import AvailabilityView from './AvailabilityView.vue';

const mediator = buildMe({ role: 'mediator', organizationId: null, mediatorId: MEDIATOR_ID });
const path = `/api/mediators/${MEDIATOR_ID}/availability`;

describe('AvailabilityView', () => {
  let wrapper: VueWrapper | undefined;

  beforeEach(async () => {
    await applyLocale('it');
  });
  afterEach(() => wrapper?.unmount());

  const save = async (view: VueWrapper) => {
    await view.find('form').trigger('submit');
    await flushPromises();
  };

  it('shows the weekly slots by weekday; "24:00" reads as 00:00 and goes back as 24:00', async () => {
    const availability = buildAvailability({ weekly: [{ weekday: 5, start: '18:00', end: '24:00' }] });
    const server = fakeFetch({
      [`GET ${path}`]: [jsonResponse(200, availability)],
      [`PUT ${path}`]: [jsonResponse(200, availability)],
    });
    vi.stubGlobal('fetch', server.fetch);
    ({ wrapper } = await mountAs(AvailabilityView, '/availability', mediator));

    const legends = wrapper.findAll('fieldset.ponte-day legend').map((legend) => legend.text());
    expect(legends).toEqual(['Lunedì', 'Martedì', 'Mercoledì', 'Giovedì', 'Venerdì', 'Sabato', 'Domenica']);
    const friday = wrapper.findAll('fieldset.ponte-day')[4];
    expect((friday?.find('input[id$="-end"]').element as HTMLInputElement).value).toBe('00:00');

    await save(wrapper);
    expect(server.callsTo('PUT', path)[0]?.body).toEqual({
      weekly: [{ weekday: 5, start: '18:00', end: '24:00' }],
      timeOff: [],
    });
    expect(wrapper.find('.alert-success').text()).toBe('Disponibilità salvata.');
  });

  it('shows a validation error on the slot it concerns and sends nothing', async () => {
    const server = fakeFetch({ [`GET ${path}`]: [jsonResponse(200, buildAvailability())] });
    vi.stubGlobal('fetch', server.fetch);
    ({ wrapper } = await mountAs(AvailabilityView, '/availability', mediator));

    const wednesday = wrapper.findAll('fieldset.ponte-day')[2];
    await wednesday?.find('input[id$="-end"]').setValue('13:00');
    await save(wrapper);

    expect(server.callsTo('PUT', path)).toHaveLength(0);
    const end = wednesday?.find('input[id$="-end"]');
    expect(end?.attributes('aria-invalid')).toBe('true');
    expect(wrapper.find(`#${end?.attributes('aria-describedby')}`).text()).toBe(
      'Alle: La fine deve venire dopo l’inizio',
    );
    expect(document.activeElement).toBe(end?.element);
    // The Monday slot is fine and says nothing.
    expect(wrapper.findAll('fieldset.ponte-day')[0]?.find('[aria-invalid="true"]').exists()).toBe(false);
  });

  it('refuses overlapping slots on one day', async () => {
    const server = fakeFetch({
      [`GET ${path}`]: [
        jsonResponse(200, buildAvailability({ weekly: [{ weekday: 1, start: '08:00', end: '13:00' }] })),
      ],
    });
    vi.stubGlobal('fetch', server.fetch);
    ({ wrapper } = await mountAs(AvailabilityView, '/availability', mediator));

    await wrapper.find('#add-slot-1').trigger('click');
    const monday = wrapper.findAll('fieldset.ponte-day')[0];
    const starts = monday?.findAll('input[id$="-start"]');
    await starts?.[1]?.setValue('12:00');
    await save(wrapper);

    expect(server.callsTo('PUT', path)).toHaveLength(0);
    expect(monday?.text()).toContain('Si sovrappone a un’altra fascia dello stesso giorno');
  });

  it('adds time off in Rome time and places the server’s errors by their path', async () => {
    const server = fakeFetch({
      [`GET ${path}`]: [jsonResponse(200, buildAvailability({ weekly: [] }))],
      [`PUT ${path}`]: [
        problemResponse(400, 'VALIDATION_FAILED', {
          errors: [{ path: 'timeOff.0.endsAt', message: 'must be after startsAt' }],
        }),
      ],
    });
    vi.stubGlobal('fetch', server.fetch);
    ({ wrapper } = await mountAs(AvailabilityView, '/availability', mediator));

    await wrapper.find('#add-time-off').trigger('click');
    await flushPromises();
    const from = wrapper.find('input[id$="-from"]');
    expect(document.activeElement).toBe(from.element);
    await from.setValue('2027-08-10T08:00');
    await wrapper.find('input[id$="-to"]').setValue('2027-08-20T20:00');
    await wrapper.find('input[id$="-reason"]').setValue('Ferie');
    await save(wrapper);

    expect(server.callsTo('PUT', path)[0]?.body).toEqual({
      weekly: [],
      timeOff: [{ startsAt: '2027-08-10T08:00:00+02:00', endsAt: '2027-08-20T20:00:00+02:00', reason: 'Ferie' }],
    });
    const to = wrapper.find('input[id$="-to"]');
    expect(to.attributes('aria-invalid')).toBe('true');
    expect(wrapper.text()).toContain('must be after startsAt');
  });
});
