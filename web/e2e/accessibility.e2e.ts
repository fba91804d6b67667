import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launchBrowser, openPage } from './browser';
import {
  apiAs,
  COORDINATOR,
  pendingOfferFor,
  requestBody,
  romeDaysAhead,
  signInAs,
  TEACHER,
  visit,
  YOUSSEF,
  type RequestDetailJson,
} from './support';

/**
 * axe (WCAG 2.1 A/AA, no serious or critical violation) on every main screen, each filled with real
 * data: Youssef holds a pending offer (open) and an accepted assignment (booked), both Arabic meetings at
 * the teacher's school that ask for a man, so he is the only candidate.
 */
let browser: Browser;
const contexts: BrowserContext[] = [];
let requester: Page;
let mediator: Page;
let coordinator: Page;
let open: RequestDetailJson;
let booked: RequestDetailJson;
let youssefId: string;

async function signedIn(email: string): Promise<Page> {
  const { context, page } = await openPage(browser);
  contexts.push(context);
  await signInAs(page, email);
  return page;
}

beforeAll(async () => {
  browser = await launchBrowser();
  const [teacherApi, youssefApi] = await Promise.all([apiAs(TEACHER), apiAs(YOUSSEF)]);
  youssefId = youssefApi.me.mediatorId ?? '';
  const forAMan = {
    genderPreference: 'male',
    genderRequired: true,
    caseRef: 'FAM-A11Y',
    subject: { pupilInitials: 'K.B.', pupilAge: 9, classGrade: '4ª A primaria' },
    notes: 'Colloquio sul primo quadrimestre.',
  };
  open = await teacherApi.call<RequestDetailJson>(
    'POST',
    '/api/requests',
    requestBody({ ...forAMan, startsAt: romeDaysAhead(5, '10:00') }),
  );
  booked = await teacherApi.call<RequestDetailJson>(
    'POST',
    '/api/requests',
    requestBody({ ...forAMan, startsAt: romeDaysAhead(6, '10:00') }),
  );
  await pendingOfferFor(youssefApi, open.id);
  const offer = await pendingOfferFor(youssefApi, booked.id);
  await youssefApi.call('POST', `/api/offers/${offer.id}/accept`);
  [requester, mediator, coordinator] = await Promise.all([signedIn(TEACHER), signedIn(YOUSSEF), signedIn(COORDINATOR)]);
});

afterAll(async () => {
  await Promise.all(contexts.map((context) => context.close()));
  await browser.close();
});

describe('accessibility of the main screens (axe, WCAG 2.1 AA)', () => {
  it('sign-in', async () => {
    const { context, page } = await openPage(browser);
    await visit(page, '/login', (ready) => ready.getByRole('button', { name: 'Accedi' }).waitFor());
    await expectAccessible(page);
    // With the errors shown.
    await page.getByRole('button', { name: 'Accedi' }).click();
    await page.getByText('Campo obbligatorio').first().waitFor();
    await expectAccessible(page);
    await context.close();
  });

  it('requester: the list of requests', async () => {
    await visit(requester, '/requests', (page) =>
      page
        .getByRole('link', { name: /Colloquio scuola-famiglia · Arabo/ })
        .first()
        .waitFor(),
    );
    await expectAccessible(requester);
  });

  it('requester: the new-request form, empty and with its validation errors', async () => {
    await visit(requester, '/requests/new', (page) => page.getByLabel('Lingua della famiglia').waitFor());
    await expectAccessible(requester);
    await requester.getByRole('button', { name: 'Invia la richiesta' }).click();
    await requester.getByText('Campo obbligatorio').first().waitFor();
    expect(await requester.locator('[aria-invalid="true"]').count()).toBeGreaterThan(0);
    await expectAccessible(requester);
  });

  it('requester: a request, assigned', async () => {
    await visit(requester, `/requests/${booked.id}`, (page) =>
      page.locator('.ponte-mediator__name', { hasText: 'Youssef Benali' }).waitFor(),
    );
    await expectAccessible(requester);
    // With the cancel form open (late-cancellation warning not due: the start is days away).
    await requester.getByRole('button', { name: 'Annulla la richiesta…' }).click();
    await requester.getByLabel('Motivo dell’annullamento').waitFor();
    await expectAccessible(requester);
  });

  it('mediator: the offers inbox, with an offer', async () => {
    await visit(mediator, '/offers', (page) => page.locator('article.ponte-offer').first().waitFor());
    await expectAccessible(mediator);
  });

  it('mediator: the agenda', async () => {
    await visit(mediator, '/agenda', (page) =>
      page
        .getByRole('link', { name: /Colloquio scuola-famiglia · Arabo/ })
        .first()
        .waitFor(),
    );
    await expectAccessible(mediator);
  });

  it('mediator: the availability editor', async () => {
    await visit(mediator, '/availability', (page) =>
      page.getByRole('button', { name: 'Salva la disponibilità' }).waitFor(),
    );
    await mediator.getByRole('button', { name: 'Aggiungi un’assenza' }).click();
    await expectAccessible(mediator);
    // A slot that ends before it starts, and a time off without dates: the errors, in place.
    const monday = mediator.getByRole('group', { name: 'Lunedì', exact: true });
    await monday.getByLabel('Alle', { exact: true }).first().fill('06:00');
    await mediator.getByRole('button', { name: 'Salva la disponibilità' }).click();
    await mediator.getByText('Controlla i campi segnalati.').waitFor();
    await expectAccessible(mediator);
  });

  it('mediator: the assignment page', async () => {
    await visit(mediator, `/assignments/${booked.id}`, (page) =>
      page.getByRole('link', { name: /Chiama Referente E2E/ }).waitFor(),
    );
    await expectAccessible(mediator);
  });

  it('coordinator: the dashboard', async () => {
    await visit(coordinator, '/coordinator', (page) =>
      page.getByRole('heading', { level: 2, name: /^Senza copertura \(\d+\)$/ }).waitFor(),
    );
    await expectAccessible(coordinator);
  });

  it('coordinator: a request with its candidates (and the “assign anyway” warning)', async () => {
    await visit(coordinator, `/coordinator/requests/${open.id}`, (page) =>
      page.getByRole('table', { name: 'Mediatori disponibili, dal più indicato' }).waitFor(),
    );
    await coordinator.getByText('Mostra o nascondi gli esclusi').click();
    await coordinator.getByRole('table', { name: 'Mediatori esclusi e perché' }).waitFor();
    await expectAccessible(coordinator);
    await coordinator.getByRole('button', { name: /^Assegna comunque a Amina El Idrissi/ }).click();
    await coordinator.getByRole('group', { name: 'Assegnare comunque a Amina El Idrissi?' }).waitFor();
    await expectAccessible(coordinator);
    await coordinator.getByRole('button', { name: 'Annulla', exact: true }).click();
  });

  it('coordinator: the list of requests', async () => {
    await visit(coordinator, '/coordinator/requests', (page) =>
      page.getByRole('link', { name: /^\D/ }).first().waitFor(),
    );
    await coordinator.getByRole('table').first().waitFor();
    await expectAccessible(coordinator);
  });

  it('coordinator: the mediators directory', async () => {
    await visit(coordinator, '/coordinator/mediators', (page) =>
      page.getByRole('link', { name: 'Youssef Benali' }).waitFor(),
    );
    await expectAccessible(coordinator);
  });

  it('coordinator: a mediator’s form (profile, availability, account)', async () => {
    await visit(coordinator, `/coordinator/mediators/${youssefId}`, async (page) => {
      await page.getByRole('heading', { level: 2, name: 'Profilo' }).waitFor();
      await expect.poll(() => page.getByLabel('Nome e cognome').inputValue()).toBe('Youssef Benali');
      await page.getByRole('heading', { level: 2, name: 'Account di accesso' }).waitFor();
    });
    await expectAccessible(coordinator);
  });

  it('coordinator: a new mediator’s form, with its validation errors', async () => {
    await visit(coordinator, '/coordinator/mediators/new', (page) =>
      page.getByRole('button', { name: 'Crea la scheda' }).waitFor(),
    );
    await expectAccessible(coordinator);
    await coordinator.getByRole('button', { name: 'Crea la scheda' }).click();
    await coordinator.locator('[aria-invalid="true"]').first().waitFor();
    await expectAccessible(coordinator);
  });

  it('coordinator: organizations, and one organization', async () => {
    await visit(coordinator, '/coordinator/organizations', (page) =>
      page.getByRole('link', { name: 'IC Don Milani Vimercate' }).waitFor(),
    );
    await expectAccessible(coordinator);
    await coordinator.getByRole('link', { name: 'IC Don Milani Vimercate' }).click();
    await expect
      .poll(() => coordinator.getByLabel('Nome', { exact: true }).inputValue())
      .toBe('IC Don Milani Vimercate');
    await expectAccessible(coordinator);
  });

  it('coordinator: users, and the invitation form', async () => {
    await visit(coordinator, '/coordinator/users', (page) =>
      page.getByRole('cell', { name: 'docente@ponte.demo' }).waitFor(),
    );
    await expectAccessible(coordinator);
    await coordinator.getByRole('link', { name: 'Invita una persona' }).click();
    await coordinator.getByRole('button', { name: 'Crea l’account' }).waitFor();
    await expectAccessible(coordinator);
  });
});
