import { flushPromises, type VueWrapper } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Router } from 'vue-router';
import { api } from '@/api/client';
import { applyLocale } from '@/i18n';
import {
  buildDistricts,
  buildLanguages,
  buildOrganization,
  buildRequestDetail,
  ORGANIZATION_ID,
} from '@/testing/factories';
import { fakeFetch, jsonResponse, problemResponse } from '@/testing/http';
import { mountAs } from '@/testing/mount-as';
import NewRequestView from './NewRequestView.vue';

const organization = buildOrganization();
const referenceRoutes = {
  [`GET /api/organizations/${organization.id}`]: () => jsonResponse(200, organization),
  'GET /api/languages': () => jsonResponse(200, buildLanguages()),
  'GET /api/districts': () => jsonResponse(200, buildDistricts()),
};

/** The fake fetch, plus the headers of every call (it records bodies, not headers). */
function serverWith(routes: Parameters<typeof fakeFetch>[0]) {
  const server = fakeFetch({ ...referenceRoutes, ...routes });
  const headers: Headers[] = [];
  vi.stubGlobal('fetch', (input: RequestInfo | URL, init: RequestInit = {}) => {
    headers.push(new Headers(init.headers));
    return server.fetch(input, init);
  });
  const idempotencyKeys = () =>
    server.calls.flatMap((call, index) =>
      call.method === 'POST' && call.path === '/api/requests' ? [headers[index]?.get('Idempotency-Key') ?? null] : [],
    );
  return { ...server, idempotencyKeys };
}

async function fillValidForm(view: VueWrapper, { date = '2026-12-01', time = '09:30' } = {}) {
  await view.find('#serviceType-0').setValue(true);
  await view.find('#languageCode').setValue('ar');
  await view.find('#date').setValue(date);
  await view.find('#time').setValue(time);
  await view.find('#durationMinutes').setValue('90');
  await view.find('#contactName').setValue('Marco Brambilla');
  await view.find('#contactPhone').setValue('039 6080100');
}

async function submit(view: VueWrapper) {
  await view.find('form').trigger('submit');
  await flushPromises();
}

const inputValue = (view: VueWrapper, selector: string) => (view.find(selector).element as HTMLInputElement).value;

describe('NewRequestView', () => {
  let wrapper: VueWrapper | undefined;

  beforeEach(async () => {
    // Only Date is faked: a fixed "now" so the dates below stay in the future; timers stay real.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-27T10:00:00+01:00'));
    api.setAccessToken(null);
    await applyLocale('it');
  });
  afterEach(() => {
    wrapper?.unmount();
    vi.useRealTimers();
  });

  it('warns before a request that goes beyond the hours left on its funding line', async () => {
    serverWith({
      [`GET /api/organizations/${ORGANIZATION_ID}/budget`]: () =>
        jsonResponse(200, {
          lines: [
            {
              fundingLineId: '00000000-0000-4000-8000-000000000001',
              name: 'FAMI scuole di Vimercate',
              funder: 'Ministero dell’Interno',
              from: '2026-09-01',
              to: '2027-06-30',
              serviceTypes: [],
              overBudget: 'approve',
              budgetMinutes: 2400,
              bookedMinutes: 1200,
              deliveredMinutes: 1140,
              remainingMinutes: 60,
            },
          ],
        }),
    });
    ({ wrapper } = await mountAs(NewRequestView, '/requests/new'));
    await flushPromises();
    await fillValidForm(wrapper);
    expect(wrapper.find('.ponte-over-budget').text()).toContain(
      'supera le ore rimaste su «FAMI scuole di Vimercate» (ne restano 1 h)',
    );
    expect(wrapper.find('.ponte-over-budget').text()).toContain('dovrà essere approvata dal coordinamento');
    await wrapper.find('#durationMinutes').setValue('60');
    expect(wrapper.find('.ponte-over-budget').exists()).toBe(false);
  });

  it('offers only the service types of the organization’s kind, and defaults the place to its address', async () => {
    serverWith({});
    ({ wrapper } = await mountAs(NewRequestView, '/requests/new'));

    const services = wrapper
      .findAll('input[name="serviceType"]')
      .map((input) => wrapper?.find(`label[for="${input.attributes('id')}"]`).text());
    expect(services).toEqual([
      'Accoglienza a scuola',
      'Colloquio scuola-famiglia',
      'Facilitazione linguistica in classe',
    ]);
    expect(inputValue(wrapper, '#location-address')).toBe('Via Valcamonica 1, Vimercate');
    expect(inputValue(wrapper, '#location-municipality')).toBe('Vimercate');
    expect(wrapper.find('legend').text()).toBe('Che servizio ti serve?');
    expect(wrapper.text()).toContain('Non inserire nomi: solo iniziali');
    // A school asks about a pupil and their class.
    const subject = wrapper.find('fieldset[aria-describedby="subject-privacy"]');
    expect(subject.find('legend').text()).toBe('Alunna o alunno');
    expect(subject.find('#subject-privacy').text()).toContain('Nomi e cognomi di alunni e familiari');
    expect(subject.find('label[for="subject-classGrade"]').text()).toContain('Classe');
    expect(subject.text()).toContain('Per esempio «2ª B primaria»');
  });

  it('words the child for a social service as a minor, without school words', async () => {
    serverWith({
      [`GET /api/organizations/${organization.id}`]: () =>
        jsonResponse(200, buildOrganization({ kind: 'social_service' })),
    });
    ({ wrapper } = await mountAs(NewRequestView, '/requests/new'));

    const subject = wrapper.find('fieldset[aria-describedby="subject-privacy"]');
    expect(subject.find('legend').text()).toBe('Minore interessato');
    expect(subject.find('label[for="subject-classGrade"]').text()).toContain('Scuola frequentata');
    expect(subject.text()).toContain('Nomi e cognomi di minori e familiari');
    expect(subject.text()).not.toMatch(/alunn|primaria/i);
    expect(wrapper.find('#notes-hint').text()).toContain('Nomi e cognomi di minori e familiari');
    expect(wrapper.text()).not.toMatch(/alunn|primaria/i);
  });

  it('shows the dialects of the chosen language, and a social service its own service types', async () => {
    serverWith({
      [`GET /api/organizations/${organization.id}`]: () =>
        jsonResponse(200, buildOrganization({ kind: 'social_service' })),
    });
    ({ wrapper } = await mountAs(NewRequestView, '/requests/new'));

    expect(wrapper.findAll('input[name="serviceType"]')).toHaveLength(3);
    expect(wrapper.text()).toContain('Valutazione delle capacità genitoriali');
    expect(wrapper.find('#dialect').exists()).toBe(false);
    await wrapper.find('#languageCode').setValue('ar');
    expect(wrapper.findAll('#dialect option').map((option) => option.text())).toEqual([
      'Nessuna preferenza',
      'Marocchino (Darija)',
      'Egiziano',
    ]);
  });

  it('blocks a bad phone number before sending and says why, next to the field', async () => {
    const server = serverWith({});
    ({ wrapper } = await mountAs(NewRequestView, '/requests/new'));
    await fillValidForm(wrapper);
    await wrapper.find('#contactPhone').setValue('chiamare la segreteria');

    await submit(wrapper);

    expect(server.callsTo('POST', '/api/requests')).toHaveLength(0);
    const phone = wrapper.find('#contactPhone');
    expect(phone.attributes('aria-invalid')).toBe('true');
    expect(phone.attributes('aria-describedby')).toContain('contactPhone-error');
    expect(wrapper.find('#contactPhone-error').text()).toBe(
      'Inserisci un numero di telefono valido, per esempio 039 123 4567',
    );
    expect(document.activeElement).toBe(phone.element);
  });

  it('asks for the required fields and refuses a start in the past', async () => {
    const server = serverWith({});
    ({ wrapper } = await mountAs(NewRequestView, '/requests/new'));
    await wrapper.find('#contactName').setValue('');

    await submit(wrapper);
    expect(wrapper.find('#serviceType-error').text()).toBe('Campo obbligatorio');
    expect(wrapper.find('#languageCode-error').text()).toBe('Campo obbligatorio');
    expect(wrapper.find('#date-error').text()).toBe('Campo obbligatorio');
    expect(wrapper.find('#time-error').text()).toBe('Campo obbligatorio');
    expect(wrapper.find('#contactName-error').text()).toBe('Campo obbligatorio');
    expect(document.activeElement).toBe(wrapper.find('#serviceType-0').element);

    await fillValidForm(wrapper, { date: '2026-11-27', time: '08:00' });
    await submit(wrapper);
    expect(wrapper.find('#date-error').text()).toContain('L’inizio è già passato');
    expect(server.callsTo('POST', '/api/requests')).toHaveLength(0);
  });

  it('blocks a full name in the pupil’s initials', async () => {
    const server = serverWith({});
    ({ wrapper } = await mountAs(NewRequestView, '/requests/new'));
    await fillValidForm(wrapper);
    await wrapper.find('#subject-pupilInitials').setValue('Ahmed');

    await submit(wrapper);

    expect(server.callsTo('POST', '/api/requests')).toHaveLength(0);
    expect(wrapper.find('#subject-pupilInitials-error').text()).toContain('Solo le iniziali');
  });

  it.each([
    ['winter', '2026-12-01', '09:30', '2026-12-01T09:30:00+01:00'],
    ['summer', '2027-07-15', '09:30', '2027-07-15T09:30:00+02:00'],
  ])('sends a %s date with Rome’s offset then (%s %s → %s)', async (_season, date, time, startsAt) => {
    const server = serverWith({ 'POST /api/requests': [jsonResponse(201, buildRequestDetail({ startsAt }))] });
    ({ wrapper } = await mountAs(NewRequestView, '/requests/new'));
    await fillValidForm(wrapper, { date, time });

    await submit(wrapper);

    expect(server.callsTo('POST', '/api/requests')[0]?.body).toMatchObject({ startsAt });
  });

  it('sends the Idempotency-Key, the place and the minimal subject, then opens the new request', async () => {
    const created = buildRequestDetail();
    const server = serverWith({ 'POST /api/requests': [jsonResponse(201, created)] });
    let router: Router;
    ({ wrapper, router } = await mountAs(NewRequestView, '/requests/new'));
    await fillValidForm(wrapper);
    await wrapper.find('#subject-pupilInitials').setValue('A.B.');
    await wrapper.find('#subject-pupilAge').setValue('9');
    await wrapper.find('#subject-classGrade').setValue('4ª A');

    await submit(wrapper);

    const [call] = server.callsTo('POST', '/api/requests');
    expect(call?.body).toEqual({
      serviceType: 'school_welcome',
      languageCode: 'ar',
      dialectRequired: false,
      mode: 'in_person',
      startsAt: '2026-12-01T09:30:00+01:00',
      durationMinutes: 90,
      location: { address: 'Via Valcamonica 1, Vimercate', municipality: 'Vimercate' },
      genderRequired: false,
      subject: { pupilInitials: 'A.B.', pupilAge: 9, classGrade: '4ª A' },
      contactName: 'Marco Brambilla',
      contactPhone: '+390396080100',
    });
    expect(server.idempotencyKeys()[0]).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    // The first visit loads the request page lazily (compiled on the fly in tests): allow it time.
    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe(`/requests/${created.id}?created=1`), {
      timeout: 10_000,
    });
  });

  it('offers the remote fallback for an in-person request only, and sends the mode chosen', async () => {
    const server = serverWith({ 'POST /api/requests': [jsonResponse(201, buildRequestDetail())] });
    ({ wrapper } = await mountAs(NewRequestView, '/requests/new'));
    await fillValidForm(wrapper);

    const box = wrapper.find('#remoteFallback');
    expect(wrapper.find('label[for="remoteFallback"]').text()).toBe(
      'Se nessuno può venire, va bene anche al telefono / in video',
    );
    expect(wrapper.find('input[name="remoteFallbackMode"]').exists()).toBe(false);
    await box.setValue(true);
    const modes = wrapper.findAll('input[name="remoteFallbackMode"]');
    expect(modes.map((input) => wrapper?.find(`label[for="${input.attributes('id')}"]`).text())).toEqual([
      'Al telefono',
      'In videochiamata',
    ]);
    expect((modes[0]?.element as HTMLInputElement).checked).toBe(true);
    await modes[1]?.setValue(true);

    // A phone request has no fallback: the box goes away and nothing of it is sent.
    await wrapper.find('#mode-1').setValue(true);
    expect(wrapper.find('#remoteFallback').exists()).toBe(false);
    await wrapper.find('#mode-0').setValue(true);
    expect((wrapper.find('#remoteFallback').element as HTMLInputElement).checked).toBe(true);

    await submit(wrapper);
    expect(server.callsTo('POST', '/api/requests')[0]?.body).toMatchObject({
      mode: 'in_person',
      remoteFallback: 'video',
    });
  });

  it('sends no remote fallback for a phone request, even one ticked before', async () => {
    const server = serverWith({ 'POST /api/requests': [jsonResponse(201, buildRequestDetail())] });
    ({ wrapper } = await mountAs(NewRequestView, '/requests/new'));
    await fillValidForm(wrapper);
    await wrapper.find('#remoteFallback').setValue(true);
    await wrapper.find('#mode-1').setValue(true);
    await submit(wrapper);
    const body = server.callsTo('POST', '/api/requests')[0]?.body as Record<string, unknown>;
    expect(body.mode).toBe('phone');
    expect(body).not.toHaveProperty('remoteFallback');
  });

  it('keeps what was typed when the service is unreachable, and retries with the same key', async () => {
    const created = buildRequestDetail();
    const server = serverWith({
      'POST /api/requests': [problemResponse(503, 'UNAVAILABLE'), jsonResponse(201, created)],
    });
    ({ wrapper } = await mountAs(NewRequestView, '/requests/new'));
    await fillValidForm(wrapper);
    await wrapper.find('#notes').setValue('La mamma capisce un po’ di francese.');

    await submit(wrapper);

    const alert = wrapper.find('[role="alert"]');
    expect(alert.text()).toContain('Il servizio non è raggiungibile');
    expect(document.activeElement).toBe(alert.element);
    expect(inputValue(wrapper, '#contactPhone')).toBe('039 6080100');
    expect(inputValue(wrapper, '#date')).toBe('2026-12-01');
    expect(inputValue(wrapper, '#notes')).toBe('La mamma capisce un po’ di francese.');

    await submit(wrapper);
    const [first, second] = server.idempotencyKeys();
    expect(first).toBeTruthy();
    expect(second).toBe(first);
  });

  it('shows the server’s field errors next to their fields', async () => {
    serverWith({
      'POST /api/requests': [
        problemResponse(400, 'VALIDATION_FAILED', {
          errors: [
            { path: 'location.municipality', message: 'is not in a district Ponte serves' },
            { path: 'startsAt', message: 'is in the past' },
          ],
        }),
      ],
    });
    ({ wrapper } = await mountAs(NewRequestView, '/requests/new'));
    await fillValidForm(wrapper);

    await submit(wrapper);

    expect(wrapper.find('#location-municipality-error').text()).toBe('is not in a district Ponte serves');
    expect(wrapper.find('#location-municipality').attributes('aria-invalid')).toBe('true');
    expect(wrapper.find('#date-error').text()).toBe('is in the past');
    expect(wrapper.find('[role="alert"]').text()).toBe('Controlla i campi segnalati.');
    // The first invalid field in reading order gets the focus.
    expect(document.activeElement).toBe(wrapper.find('#date').element);
  });

  it('explains a reused key (422) and can send the request as a new one with a fresh key', async () => {
    const created = buildRequestDetail();
    const server = serverWith({
      'POST /api/requests': [problemResponse(422, 'IDEMPOTENCY_MISMATCH'), jsonResponse(201, created)],
    });
    ({ wrapper } = await mountAs(NewRequestView, '/requests/new'));
    await fillValidForm(wrapper);

    await submit(wrapper);
    expect(wrapper.find('[role="alert"]').text()).toContain('è già partita una richiesta con dati diversi');

    const sendAsNew = wrapper.findAll('button').find((button) => button.text() === 'Invia come nuova richiesta');
    await sendAsNew?.trigger('click');
    await flushPromises();
    const [first, second] = server.idempotencyKeys();
    expect(second).toBeTruthy();
    expect(second).not.toBe(first);
  });
  it('books several sessions: a weekly rule, a preview with the holidays struck through, then POST /api/series', async () => {
    const series = { id: '5b0e8f5a-4a36-4b3e-9d4e-111111111111', organizationId: organization.id };
    const server = serverWith({
      'POST /api/series/preview': () =>
        jsonResponse(200, {
          sessions: [
            { date: '2026-12-01', startsAt: '2026-12-01T12:00:00.000Z' },
            { date: '2026-12-10', startsAt: '2026-12-10T12:00:00.000Z' },
          ],
          skipped: [
            {
              date: '2026-12-08',
              startsAt: '2026-12-08T12:00:00.000Z',
              reason: 'holiday',
              name: 'Immacolata Concezione',
            },
          ],
        }),
      'POST /api/series': () =>
        jsonResponse(201, {
          ...series,
          requests: [buildRequestDetail({ seriesId: series.id })],
          assignedMediator: null,
          offeredWhole: true,
          skipped: [],
        }),
      [`GET /api/series/${series.id}`]: () =>
        jsonResponse(200, { ...series, requests: [], assignedMediator: null, offeredWhole: true, skipped: [] }),
    });
    let router: Router;
    ({ wrapper, router } = await mountAs(NewRequestView, '/requests/new'));
    await wrapper.find('#serviceType-2').setValue(true);
    await wrapper.find('#languageCode').setValue('ar');
    await wrapper.find('#occurrence-1').setValue(true);
    expect(wrapper.find('#date').exists()).toBe(false);
    await wrapper.find('#series-first').setValue('2026-12-01');
    await wrapper.find('#series-until').setValue('2026-12-10');
    await wrapper.find('#series-weekdays-1').setValue(true);
    await wrapper.find('#series-weekdays-3').setValue(true);
    await wrapper.find('#series-start').setValue('13:00');
    await wrapper.find('#contactName').setValue('Marco Brambilla');
    await wrapper.find('#contactPhone').setValue('039 6080100');

    await vi.waitFor(() => expect(wrapper!.find('#series-count').text()).toBe('2 incontri'), { timeout: 2000 });
    expect(wrapper.find('del').text()).toContain('8 dic');
    expect(wrapper.text()).toContain('festivo: Immacolata Concezione');
    expect(server.callsTo('POST', '/api/series/preview').at(-1)?.body).toMatchObject({
      sessions: { first: '2026-12-01', until: '2026-12-10', weekdays: [2, 4], start: '13:00' },
      skipHolidays: true,
    });

    await submit(wrapper);
    const [call] = server.callsTo('POST', '/api/series');
    expect(call?.body).toMatchObject({
      serviceType: 'language_facilitation',
      languageCode: 'ar',
      sessions: { first: '2026-12-01', until: '2026-12-10', weekdays: [2, 4], start: '13:00' },
      skipHolidays: true,
      excludeDates: [],
    });
    expect(call?.body).not.toHaveProperty('startsAt');
    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe(`/series/${series.id}?created=1`));
  });
});
