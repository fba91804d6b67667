import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from './browser';
import {
  AMINA,
  apiAs,
  COORDINATOR,
  expectPhoneFriendly,
  layoutReport,
  openPhone,
  requestBody,
  romeDaysAhead,
  signInAs,
  TEACHER,
  timeRange,
  visit,
  type RequestDetailJson,
} from './support';

/**
 * The mediator's day happens on a phone: a 360×740 screen, a finger. Amina gets an offer (an Arabic
 * meeting that asks for a woman, so it is hers alone), accepts it, and finds it in her agenda and on its
 * assignment page: nothing scrolls sideways, every button is at least 44 px tall, every control is in reach.
 */
let browser: Browser;
let request: RequestDetailJson;

beforeAll(async () => {
  browser = await launchBrowser();
  const teacher = await apiAs(TEACHER);
  request = await teacher.call<RequestDetailJson>(
    'POST',
    '/api/requests',
    requestBody({
      startsAt: romeDaysAhead(3, '15:00'),
      genderPreference: 'female',
      genderRequired: true,
      notes: 'Portare il modulo di iscrizione in arabo.',
    }),
  );
});
afterAll(async () => browser.close());

/** The control must be inside the screen once scrolled to: reachable without sideways scrolling. */
async function expectInReach(page: Page, name: string) {
  const control = page.getByRole('button', { name }).or(page.getByRole('link', { name })).first();
  await control.scrollIntoViewIfNeeded();
  const box = await control.boundingBox();
  expect(box, `${name} has no box`).not.toBeNull();
  expect(box!.x).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width).toBeLessThanOrEqual(360);
  expect(box!.height).toBeGreaterThanOrEqual(44);
}

describe('the mediator flow on a phone (360×740)', () => {
  it('inbox, accept, assignment page, agenda: no sideways scrolling, 44 px targets, all in reach', async () => {
    const { context, page } = await openPhone(browser);

    await visit(page, '/login', (ready) => ready.getByRole('button', { name: 'Accedi' }).waitFor());
    await expectPhoneFriendly(page);
    await signInAs(page, AMINA);
    await expectPhoneFriendly(page);

    // ── Inbox ──
    await page.getByRole('navigation', { name: 'Menu principale' }).getByRole('link', { name: 'Proposte' }).tap();
    await page.getByRole('heading', { level: 1, name: 'Proposte di incarico' }).waitFor();
    const card = page.locator('article.ponte-offer', { has: page.locator(`time[datetime="${request.startsAt}"]`) });
    await card.waitFor();
    expect((await card.innerText()).replace(/\s+/g, ' ')).toContain(timeRange(request.startsAt, 60));
    await expectPhoneFriendly(page);
    const accept = card.getByRole('button', { name: 'Accetta' });
    const decline = card.getByRole('button', { name: 'Rifiuta' });
    for (const button of [accept, decline]) {
      const box = (await button.boundingBox())!;
      expect(box.height).toBeGreaterThanOrEqual(44);
      expect(box.x + box.width).toBeLessThanOrEqual(360);
    }

    // ── Accept, with a tap ──
    await accept.tap();
    const result = page.getByRole('status').filter({ hasText: 'Incarico accettato' });
    await result.waitFor();
    await expectPhoneFriendly(page);
    await expectInReach(page, 'Apri l’incarico');

    // ── The assignment page ──
    await page.getByRole('link', { name: 'Apri l’incarico' }).tap();
    await page.waitForURL(`**/assignments/${request.id}`);
    await page.getByRole('heading', { level: 1, name: 'Colloquio scuola-famiglia · Arabo' }).waitFor();
    await page.getByText('Portare il modulo di iscrizione in arabo.').waitFor();
    await expectPhoneFriendly(page);
    await expectInReach(page, 'Chiama Referente E2E · 039 123 4567');
    await expectInReach(page, 'Rinuncia all’incarico…');
    // The withdraw form, opened: its buttons too.
    await page.getByRole('button', { name: 'Rinuncia all’incarico…' }).tap();
    await page.getByLabel('Motivo della rinuncia').waitFor();
    await expectPhoneFriendly(page);
    await expectInReach(page, 'Tengo l’incarico');
    await page.getByRole('button', { name: 'Tengo l’incarico' }).tap();

    // ── The agenda ──
    await page.getByRole('link', { name: '← Agenda' }).tap();
    await page.getByRole('heading', { level: 1, name: 'Agenda' }).waitFor();
    const slot = page.locator(`a[href="/assignments/${request.id}"]`);
    await slot.waitFor();
    expect(await slot.innerText()).toContain(timeRange(request.startsAt, 60));
    await expectPhoneFriendly(page);
    await expectInReach(page, 'Aggiungi al mio calendario');
    await expectInReach(page, 'Copia il link');

    // ── And the availability editor, the other screen a mediator keeps on the phone ──
    await page.getByRole('navigation', { name: 'Menu principale' }).getByRole('link', { name: 'Disponibilità' }).tap();
    await page.getByRole('button', { name: 'Salva la disponibilità' }).waitFor();
    await expectPhoneFriendly(page);
    await expectInReach(page, 'Aggiungi un’assenza');
    const report = await layoutReport(page);
    expect(report.viewport).toBe(360);

    await context.close();
  });
});

describe('the coordinator on a phone (360×740)', () => {
  it('reads the mediators as cards, each value under its column name, nothing wider than the screen', async () => {
    const { context, page } = await openPhone(browser);
    await signInAs(page, COORDINATOR);
    await visit(page, '/coordinator/mediators', (ready) =>
      ready.locator('table.ponte-table tbody tr').first().waitFor(),
    );

    await expectPhoneFriendly(page);
    const table = page.locator('table.ponte-table');
    const widths = await table.evaluate((element) => ({
      table: element.getBoundingClientRect().width,
      region: element.parentElement!.clientWidth,
    }));
    expect(widths.table).toBeLessThanOrEqual(widths.region + 0.5);
    const firstCard = page.locator('table.ponte-table tbody tr').first();
    const firstLabel = firstCard.locator('td .ponte-cell-label').first();
    expect(await firstLabel.isVisible()).toBe(true);
    expect(await firstLabel.innerText()).toBe('Lingue');
    await context.close();
  });
});

describe('the teacher on a phone (360×740)', () => {
  it('an empty submit by keyboard rings the first option with its hint, covering no text', async () => {
    const { context, page } = await openPhone(browser);
    await signInAs(page, TEACHER);
    await visit(page, '/requests/new', (ready) => ready.getByRole('radio').first().waitFor());
    const submit = page.locator('form button[type="submit"]').first();
    await submit.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('type'))).toBe('radio');

    const ring = await page.evaluate(() => {
      const input = document.activeElement as HTMLInputElement;
      const option = input.closest('.ponte-choice')!;
      const hint = option.querySelector('small')!.getBoundingClientRect();
      const box = option.getBoundingClientRect();
      return {
        option: getComputedStyle(option).outlineStyle,
        label: getComputedStyle(input.nextElementSibling!).boxShadow,
        hintInside: hint.top >= box.top && hint.bottom <= box.bottom,
      };
    });
    expect(ring).toEqual({ option: 'solid', label: 'none', hintInside: true });
    await context.close();
  });
});
