/// <reference lib="dom" />
import { randomBytes } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launchBrowser, openPage } from './browser';
import {
  addDays,
  apiAs,
  COORDINATOR,
  requestBody,
  romeDaysAhead,
  romeWall,
  signInAs,
  type ApiSession,
  type RequestDetailJson,
} from './support';

/**
 * Issue 17 end to end: a coordinator creates a funding line of 3 hours for a new school (starting
 * before the demo's FAMI line, so it is the school's first line), its teacher sees the hours left, a
 * request beyond them waits for approval and says why, and once the coordinator approves it on the
 * dashboard it is dispatched to the Arabic mediators.
 */
const suffix = randomBytes(3).toString('hex');
const SCHOOL = `Scuola primaria Rodari ${suffix}`;
const LINE = `Progetto accoglienza ${suffix}`;
const TEACHER_EMAIL = `maestra.${suffix}@ponte.demo`;
const TEACHER_PASSWORD = 'una-password-lunga-abbastanza';

let browser: Browser;
let coordinatorApi: ApiSession;
let schoolId: string;

beforeAll(async () => {
  browser = await launchBrowser();
  coordinatorApi = await apiAs(COORDINATOR);
  const school = await coordinatorApi.call<{ id: string }>('POST', '/api/organizations', {
    name: SCHOOL,
    kind: 'school',
    municipality: 'Vimercate',
    districtId: 'vimercate',
    address: 'Via Rodari 3, Vimercate',
  });
  schoolId = school.id;
  await coordinatorApi.call('POST', '/api/users', {
    email: TEACHER_EMAIL,
    name: 'Maestra Colombo',
    role: 'requester',
    organizationId: schoolId,
    password: TEACHER_PASSWORD,
  });
});
afterAll(async () => browser.close());

describe('funding lines and hour budgets', () => {
  it('a line is created, the teacher sees its hours, a request over budget waits, and once approved it is dispatched', async () => {
    const today = romeWall(Date.now()).date;

    // The coordinator creates the line on the funding page.
    const { page: coordinator } = await openPage(browser);
    await signInAs(coordinator, COORDINATOR);
    await coordinator.getByRole('link', { name: 'Coordinamento', exact: true }).click();
    await coordinator.getByRole('link', { name: 'Finanziamenti', exact: true }).click();
    await coordinator.getByRole('heading', { level: 1, name: 'Linee di finanziamento' }).waitFor();
    await coordinator.getByRole('button', { name: 'Nuova linea' }).click();
    await coordinator.locator('#line-name').fill(LINE);
    await coordinator.locator('#line-funder').fill('Comune di Vimercate');
    await coordinator.locator('#line-from').fill(addDays(today, -1000));
    await coordinator.locator('#line-to').fill(addDays(today, 60));
    await coordinator.locator('#line-budget').fill('3');
    await coordinator.locator('#line-over-budget').selectOption('approve');
    // The label is what a person clicks (the styled box lies under it).
    await coordinator.getByText(SCHOOL, { exact: true }).click();
    expect(await coordinator.getByRole('checkbox', { name: SCHOOL }).isChecked()).toBe(true);
    await coordinator.getByRole('button', { name: 'Salva la linea' }).click();
    await coordinator.getByText(`Linea «${LINE}» salvata.`).waitFor();
    const section = coordinator.getByRole('region', { name: LINE, exact: true });
    await section.waitFor();
    expect(await section.locator('.ponte-funding-figures').innerText()).toContain('3 ore');
    await expectAccessible(coordinator);

    // An hour of it is booked: the teacher's home says what is left.
    const teacherApi = await apiAs(TEACHER_EMAIL, TEACHER_PASSWORD);
    const first = await teacherApi.call<RequestDetailJson>(
      'POST',
      '/api/requests',
      requestBody({ startsAt: romeDaysAhead(3, '10:00'), durationMinutes: 60 }),
    );
    expect(first.status).toBe('searching');
    const { page: teacher } = await openPage(browser);
    await signInAs(teacher, TEACHER_EMAIL, TEACHER_PASSWORD);
    await teacher.getByText(`Vi restano 2 ore su 3 per ${LINE}`).waitFor();
    await expectAccessible(teacher);

    // A request of two and a half hours goes beyond them: it waits, and says why.
    const over = await teacherApi.call<RequestDetailJson>(
      'POST',
      '/api/requests',
      requestBody({ startsAt: romeDaysAhead(4, '09:00'), durationMinutes: 150 }),
    );
    expect(over.status).toBe('awaiting_approval');
    await teacher.goto(`/requests/${over.id}`);
    await teacher.getByText(`la richiesta supera le ore rimaste sulla linea «${LINE}»`).waitFor();
    expect(await teacher.locator('.ponte-status-card .ponte-status').first().innerText()).toBe(
      'In attesa di approvazione',
    );

    // The coordinator approves it from the dashboard's panel.
    await coordinator.getByRole('link', { name: 'Cruscotto', exact: true }).click();
    const panel = coordinator.getByRole('region', { name: /^In attesa di approvazione/ });
    const row = panel.getByRole('listitem').filter({ hasText: SCHOOL });
    await row.waitFor();
    expect(await row.innerText()).toContain(`Linea: ${LINE}`);
    await expectAccessible(coordinator);
    await row.getByRole('button', { name: 'Approva' }).click();
    await panel.getByText('Richiesta approvata').waitFor();

    // Dispatched: searching, with its first wave of offers out.
    await expect
      .poll(
        async () => {
          const detail = await coordinatorApi.call<RequestDetailJson & { dispatch: { wave: number } }>(
            'GET',
            `/api/requests/${over.id}`,
          );
          return `${detail.status} ${detail.dispatch.wave > 0}`;
        },
        { timeout: 10_000 },
      )
      .toBe('searching true');
    await teacher.reload();
    await teacher.getByText('Approvata dal coordinamento: la ricerca parte').waitFor();
  });
});
