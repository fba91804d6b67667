import { flushPromises, type VueWrapper } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { api } from '@/api/client';
import { applyLocale } from '@/i18n';
import { buildLanguages, buildRequestDetail, MEDIATOR_ID } from '@/testing/factories';
import { installFakeEventSource } from '@/testing/fake-event-source';
import { buildMe, fakeFetch, jsonResponse } from '@/testing/http';
import { mountAs } from '@/testing/mount-as';
import AssignmentView from './AssignmentView.vue';

const mediator = buildMe({ role: 'mediator', organizationId: null, mediatorId: MEDIATOR_ID, name: 'Amina El Idrissi' });
const assignedMediator = { id: MEDIATOR_ID, fullName: 'Amina El Idrissi', phone: '333 1234567' };

describe('AssignmentView', () => {
  let wrapper: VueWrapper | undefined;

  beforeEach(async () => {
    api.setAccessToken('access-1');
    installFakeEventSource();
    await applyLocale('it');
  });
  afterEach(() => {
    wrapper?.unmount();
    api.setAccessToken(null);
  });

  it('shows the contact, notes and address once assigned; reporting waits for the start', async () => {
    const request = buildRequestDetail({
      status: 'assigned',
      assignedMediator,
      startsAt: new Date(Date.now() + 86_400_000).toISOString(),
      notes: 'Suonare al citofono 3',
    });
    vi.stubGlobal(
      'fetch',
      fakeFetch({
        [`GET /api/requests/${request.id}`]: [jsonResponse(200, request)],
        'GET /api/languages': () => jsonResponse(200, buildLanguages()),
      }).fetch,
    );
    ({ wrapper } = await mountAs(AssignmentView, `/assignments/${request.id}`, mediator));

    expect(wrapper.find('a[href="tel:+390396080100"]').text()).toContain('Chiama Marco Brambilla');
    expect(wrapper.text()).toContain('Suonare al citofono 3');
    expect(wrapper.text()).toContain('Via Valcamonica 1, Vimercate');
    expect(wrapper.text()).toContain('Potrai indicarlo dall’inizio dell’incontro');
    expect(wrapper.find('#actualMinutes').exists()).toBe(false);
  });

  it('reports completion after the start, with the planned minutes as a starting point', async () => {
    const request = buildRequestDetail({
      status: 'assigned',
      assignedMediator,
      startsAt: new Date(Date.now() - 3_600_000).toISOString(),
      durationMinutes: 90,
    });
    const completed = {
      ...request,
      status: 'completed' as const,
      completion: {
        actualMinutes: 75,
        outcome: 'done' as const,
        note: 'La madre ha chiesto un secondo incontro',
        completedAt: new Date().toISOString(),
      },
    };
    const server = fakeFetch({
      [`GET /api/requests/${request.id}`]: [jsonResponse(200, request)],
      [`POST /api/requests/${request.id}/complete`]: [jsonResponse(200, completed)],
      'GET /api/languages': () => jsonResponse(200, buildLanguages()),
    });
    vi.stubGlobal('fetch', server.fetch);
    ({ wrapper } = await mountAs(AssignmentView, `/assignments/${request.id}`, mediator));
    expect((wrapper.find('#actualMinutes').element as HTMLInputElement).value).toBe('90');

    await wrapper.find('#actualMinutes').setValue('75');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(wrapper.find('#outcome-error').text()).toBe('Campo obbligatorio');
    expect(server.callsTo('POST', `/api/requests/${request.id}/complete`)).toHaveLength(0);

    await wrapper.find('#outcome-0').setValue(true);
    await wrapper.find('#completion-note').setValue('La madre ha chiesto un secondo incontro');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(server.callsTo('POST', `/api/requests/${request.id}/complete`)[0]?.body).toEqual({
      actualMinutes: 75,
      outcome: 'done',
      note: 'La madre ha chiesto un secondo incontro',
    });
    expect(wrapper.find('[role="status"][tabindex="-1"]').text()).toBe('Rendiconto inviato. Grazie!');
    // The report stays readable, note included.
    expect(wrapper.find('section[aria-labelledby="completion-heading"]').text()).toContain(
      'La madre ha chiesto un secondo incontro',
    );
  });

  it('withdraws with a reason and says the request is offered again', async () => {
    const request = buildRequestDetail({
      status: 'assigned',
      assignedMediator,
      startsAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    const server = fakeFetch({
      [`GET /api/requests/${request.id}`]: [jsonResponse(200, request)],
      [`POST /api/requests/${request.id}/withdraw`]: [jsonResponse(200, { id: request.id, status: 'searching' })],
      'GET /api/languages': () => jsonResponse(200, buildLanguages()),
    });
    vi.stubGlobal('fetch', server.fetch);
    ({ wrapper } = await mountAs(AssignmentView, `/assignments/${request.id}`, mediator));

    await wrapper.find('button[aria-controls="withdraw-form"]').trigger('click');
    await wrapper.find('#withdraw-reason').setValue('Sono malata');
    await wrapper.find('#withdraw-form').trigger('submit');
    await flushPromises();

    expect(server.callsTo('POST', `/api/requests/${request.id}/withdraw`)[0]?.body).toEqual({ reason: 'Sono malata' });
    const result = wrapper.find('[role="status"][tabindex="-1"]');
    expect(result.text()).toContain('Hai rinunciato all’incarico');
    expect(document.activeElement).toBe(result.element);
    expect(wrapper.find('.ponte-contact').exists()).toBe(false);
  });

  it('withdraws for a conflict of interest when "I know the family" is ticked', async () => {
    const request = buildRequestDetail({
      status: 'assigned',
      assignedMediator,
      caseRef: 'TM-2026-014',
      startsAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    const server = fakeFetch({
      [`GET /api/requests/${request.id}`]: [jsonResponse(200, request)],
      [`POST /api/requests/${request.id}/withdraw`]: [
        jsonResponse(200, {
          id: request.id,
          status: 'searching',
          caseExclusionId: '5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d',
        }),
      ],
      'GET /api/languages': () => jsonResponse(200, buildLanguages()),
    });
    vi.stubGlobal('fetch', server.fetch);
    ({ wrapper } = await mountAs(AssignmentView, `/assignments/${request.id}`, mediator));

    await wrapper.find('button[aria-controls="withdraw-form"]').trigger('click');
    expect(wrapper.find('label[for="withdraw-conflictOfInterest"]').text()).toBe(
      'Conosco la famiglia (conflitto di interessi)',
    );
    await wrapper.find('#withdraw-reason').setValue('È una mia vicina di casa');
    await wrapper.find('#withdraw-conflictOfInterest').setValue(true);
    await wrapper.find('#withdraw-form').trigger('submit');
    await flushPromises();

    expect(server.callsTo('POST', `/api/requests/${request.id}/withdraw`)[0]?.body).toEqual({
      reason: 'È una mia vicina di casa',
      conflictOfInterest: true,
    });
    expect(wrapper.find('[role="status"][tabindex="-1"]').text()).toContain('questo caso non ti verrà più proposto');
  });

  it('a session of a series: withdraws from the whole series too', async () => {
    const seriesId = '5b0e8f5a-4a36-4b3e-9d4e-222222222222';
    const request = buildRequestDetail({
      status: 'assigned',
      assignedMediator,
      seriesId,
      startsAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    const server = fakeFetch({
      [`GET /api/requests/${request.id}`]: [jsonResponse(200, request)],
      [`POST /api/series/${seriesId}/withdraw`]: [jsonResponse(200, { withdrawn: 7 })],
      'GET /api/languages': () => jsonResponse(200, buildLanguages()),
    });
    vi.stubGlobal('fetch', server.fetch);
    ({ wrapper } = await mountAs(AssignmentView, `/assignments/${request.id}`, mediator));

    await wrapper.find('button[aria-controls="withdraw-series-form"]').trigger('click');
    await wrapper.find('#withdraw-series-reason').setValue('Cambio città');
    await wrapper.find('#withdraw-series-form').trigger('submit');
    await flushPromises();

    expect(server.callsTo('POST', `/api/series/${seriesId}/withdraw`)[0]?.body).toEqual({ reason: 'Cambio città' });
    expect(wrapper.find('[role="status"][tabindex="-1"]').text()).toContain('Hai rinunciato a 7 incontri della serie');
  });
});
