import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage } from './browser';
import {
  addDays,
  apiAs,
  COORDINATOR,
  IOANA,
  requestBody,
  romeDaysAhead,
  romeWall,
  signInAs,
  TEACHER,
  type ApiSession,
  type AvailabilityJson,
  type RequestDetailJson,
} from './support';

/**
 * Ioana Popescu is the only Romanian mediator and serves Vimercate, on call every day 07:00–22:00. A
 * Romanian meeting at a Vimercate school a week ahead has her as its one eligible candidate, until she
 * changes her availability in her own editor: the coordinator's candidates then say why she is out.
 */
const WEEKDAYS = ['', 'Lunedì', 'Martedì', 'Mercoledì', 'Giovedì', 'Venerdì', 'Sabato', 'Domenica'];

let browser: Browser;
let coordinatorApi: ApiSession;
let ioanaApi: ApiSession;
let originalAvailability: AvailabilityJson;
let request: RequestDetailJson;

beforeAll(async () => {
  browser = await launchBrowser();
  const teacher = await apiAs(TEACHER);
  [coordinatorApi, ioanaApi] = await Promise.all([apiAs(COORDINATOR), apiAs(IOANA)]);
  originalAvailability = await ioanaApi.call<AvailabilityJson>(
    'GET',
    `/api/mediators/${ioanaApi.me.mediatorId}/availability`,
  );
  request = await teacher.call<RequestDetailJson>(
    'POST',
    '/api/requests',
    requestBody({ languageCode: 'ro', serviceType: 'school_meeting', startsAt: romeDaysAhead(8, '10:00') }),
  );
});

afterAll(async () => {
  // Leave Ioana and the data as they were for the other scenarios.
  await ioanaApi?.call('PUT', `/api/mediators/${ioanaApi.me.mediatorId}/availability`, {
    weekly: originalAvailability.weekly,
    timeOff: originalAvailability.timeOff.map(({ startsAt, endsAt, reason }) => ({
      startsAt,
      endsAt,
      ...(reason ? { reason } : {}),
    })),
  });
  await coordinatorApi
    ?.call('POST', `/api/requests/${request.id}/cancel`, { reason: 'Fine del test end-to-end' })
    .catch(() => undefined);
  await browser?.close();
});

const eligibleTable = (page: Page) => page.getByRole('table', { name: 'Mediatori disponibili, dal più indicato' });
const excludedTable = (page: Page) => page.getByRole('table', { name: 'Mediatori esclusi e perché' });

async function openCandidates(page: Page) {
  await page.goto(`/coordinator/requests/${request.id}`);
  await page.getByRole('heading', { level: 1, name: 'Colloquio scuola-famiglia in Rumeno' }).waitFor();
  await page.getByRole('heading', { level: 3, name: /^Disponibili \(\d+\)$/ }).waitFor();
}

describe('a mediator’s availability, as the matching sees it', () => {
  it('removing the day’s slots, then adding time off, moves Ioana from eligible to excluded with the reason', async () => {
    const day = romeWall(request.startsAt);
    const weekdayName = WEEKDAYS[day.weekday] ?? '';

    const { page: coordinator } = await openPage(browser);
    await signInAs(coordinator, COORDINATOR);
    await openCandidates(coordinator);
    await eligibleTable(coordinator)
      .getByRole('row', { name: /Ioana Popescu/ })
      .waitFor();
    expect(await coordinator.getByRole('heading', { level: 3, name: 'Disponibili (1)' }).count()).toBe(1);

    // ── Ioana, on her own device, removes the slots of that weekday ──
    const { page: ioana } = await openPage(browser);
    await signInAs(ioana, IOANA);
    await ioana.goto('/availability');
    await ioana.getByRole('heading', { level: 1, name: 'Disponibilità' }).waitFor();
    const dayGroup = ioana.getByRole('group', { name: weekdayName, exact: true });
    await dayGroup.getByRole('button', { name: `Rimuovi la fascia ${weekdayName} 07:00–22:00` }).click();
    await dayGroup.getByText('Non disponibile').waitFor();
    await ioana.getByText('Ci sono modifiche non salvate.').waitFor();
    await ioana.getByRole('button', { name: 'Salva la disponibilità' }).click();
    await ioana.getByRole('status').filter({ hasText: 'Disponibilità salvata.' }).waitFor();

    // It is saved, not only on screen.
    await ioana.reload();
    await ioana.getByRole('group', { name: weekdayName, exact: true }).getByText('Non disponibile').waitFor();

    await openCandidates(coordinator);
    expect(await coordinator.getByRole('heading', { level: 3, name: 'Disponibili (0)' }).count()).toBe(1);
    await coordinator.getByText('Nessuno può andare con le regole attuali').waitFor();
    const outside = excludedTable(coordinator).getByRole('row', { name: /Ioana Popescu/ });
    await outside.waitFor();
    expect(await outside.innerText()).toContain('Fuori dalla disponibilità settimanale');

    // ── She is back on that weekday, but takes the day off ──
    await ioana.getByRole('button', { name: `Aggiungi una fascia (${weekdayName})` }).click();
    const newSlot = ioana
      .getByRole('group', { name: weekdayName, exact: true })
      .getByRole('group', { name: 'Fascia 1' });
    expect(await newSlot.getByLabel('Dalle', { exact: true }).inputValue()).toBe('09:00');
    expect(await newSlot.getByLabel('Alle', { exact: true }).inputValue()).toBe('13:00');
    await ioana.getByRole('button', { name: 'Aggiungi un’assenza' }).click();
    const period = ioana.locator('fieldset.ponte-period').last();
    await period.getByLabel('Dal', { exact: true }).fill(`${day.date}T00:00`);
    await period.getByLabel('Al', { exact: true }).fill(`${addDays(day.date, 1)}T00:00`);
    await period.getByLabel('Motivo (facoltativo)').fill('Visita medica');
    await ioana.getByRole('button', { name: 'Salva la disponibilità' }).click();
    await ioana.getByRole('status').filter({ hasText: 'Disponibilità salvata.' }).waitFor();

    await openCandidates(coordinator);
    const timeOff = excludedTable(coordinator).getByRole('row', { name: /Ioana Popescu/ });
    await timeOff.waitFor();
    const reasons = await timeOff.innerText();
    expect(reasons).toContain('Assente in quel periodo');
    expect(reasons).not.toContain('Fuori dalla disponibilità settimanale');
    expect(await eligibleTable(coordinator).count()).toBe(0);

    await Promise.all([coordinator.context().close(), ioana.context().close()]);
  });
});
