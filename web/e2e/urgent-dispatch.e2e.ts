/// <reference lib="dom" />
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage } from './browser';
import {
  AMINA,
  expectSameDocument,
  expectVisibleFocusRing,
  markDocument,
  signInAs,
  nextUrgentStart,
  tabTo,
  TEACHER,
  timeRange,
  trackLiveStreams,
  withLiveStream,
  YOUSSEF,
  type RequestDetailJson,
} from './support';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => browser.close());

/** A mediator signed in on their own device, on the offers inbox, with the live stream open. */
async function mediatorOnInbox(email: string): Promise<Page> {
  const { page } = await openPage(browser);
  trackLiveStreams(page);
  await signInAs(page, email);
  await withLiveStream(page, () => page.goto('/offers'));
  await page.getByRole('heading', { level: 1, name: 'Proposte di incarico' }).waitFor();
  await markDocument(page);
  return page;
}

describe('an urgent request, from the teacher’s form to one mediator, live', () => {
  it('the teacher files it, both Arabic mediators see the offer live, Amina accepts with the keyboard, Youssef and the teacher see it at once', async () => {
    const start = nextUrgentStart();
    const range = timeRange(start.instant, 60);

    const [amina, youssef] = await Promise.all([mediatorOnInbox(AMINA), mediatorOnInbox(YOUSSEF)]);

    // ── The teacher fills the new-request form ──
    const { page: teacher } = await openPage(browser);
    trackLiveStreams(teacher);
    await signInAs(teacher, TEACHER);
    await teacher.goto('/requests/new');
    await teacher.getByRole('heading', { level: 1, name: 'Nuova richiesta di mediazione' }).waitFor();
    await teacher.getByText('Accoglienza a scuola', { exact: true }).click();
    await expect.poll(() => teacher.getByRole('radio', { name: 'Accoglienza a scuola' }).isChecked()).toBe(true);
    await teacher.getByLabel('Lingua della famiglia').selectOption({ label: 'Arabo' });
    await teacher.getByLabel('Data', { exact: true }).fill(start.date);
    await teacher.getByLabel('Ora di inizio').fill(start.time);
    await teacher.getByLabel('Durata prevista').selectOption({ label: '1 h' });
    expect(await teacher.getByRole('radio', { name: 'In presenza' }).isChecked()).toBe(true);
    expect(await teacher.getByLabel('Indirizzo', { exact: true }).inputValue()).toBe('Via Valcamonica 1, Vimercate');
    expect(await teacher.getByLabel('Comune', { exact: true }).inputValue()).toBe('Vimercate');
    await teacher.getByLabel('Telefono della persona di riferimento').fill('039 608 0100');
    await teacher
      .getByLabel('Note per chi media')
      .fill('Primo colloquio con la famiglia di un alunno arrivato da poco.');

    const created = teacher.waitForResponse(
      (response) => new URL(response.url()).pathname === '/api/requests' && response.request().method() === 'POST',
    );
    await withLiveStream(teacher, async () => {
      await teacher.getByRole('button', { name: 'Invia la richiesta' }).click();
      await teacher.waitForURL(/\/requests\/[0-9a-f-]{36}\?created=1$/);
    });
    const response = await created;
    expect(response.status()).toBe(201);
    const request = (await response.json()) as RequestDetailJson;
    expect(request.status).toBe('searching');
    expect(Date.parse(request.startsAt)).toBe(start.instant);

    await teacher.getByRole('heading', { level: 1, name: 'Accoglienza a scuola · Arabo' }).waitFor();
    await teacher.getByText('Richiesta inviata. Ti aggiorniamo qui appena qualcuno accetta').waitFor();
    const statusHeading = teacher.getByRole('heading', { level: 2, name: /^Stato:/ });
    expect(await statusHeading.textContent()).toContain('In cerca');
    await markDocument(teacher);

    // ── The offer appears in both inboxes without a reload ──
    const offerCard = (page: Page) =>
      page.locator('article.ponte-offer', { has: page.locator(`time[datetime="${request.startsAt}"]`) });
    for (const page of [amina, youssef]) {
      const card = offerCard(page);
      await card.waitFor({ timeout: 15_000 });
      const text = (await card.innerText()).replace(/\s+/g, ' ');
      expect(text).toContain('Accoglienza a scuola');
      expect(text).toContain('Arabo');
      expect(text).toContain(range);
      expect(text).toContain('In presenza · Vimercate');
      // Before accepting, no address, contact or notes: only what the design allows.
      expect(text).not.toContain('Valcamonica');
      expect(text).not.toContain('039 608 0100');
      await expectSameDocument(page);
    }

    // ── Amina accepts with the keyboard only: Tab to the button, a visible focus ring, Enter ──
    const accept = offerCard(amina).getByRole('button', { name: 'Accetta' });
    await amina.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await tabTo(amina, accept);
    const ring = await expectVisibleFocusRing(accept);
    console.info(`Accept button focused by keyboard: outline ${ring.outline}; box-shadow ${ring.boxShadow}`);
    await amina.keyboard.press('Enter');

    const result = amina.getByRole('status').filter({ hasText: 'Incarico accettato' });
    await result.waitFor();
    expect(await result.innerText()).toContain('Accoglienza a scuola, Arabo');
    await expect.poll(() => offerCard(amina).count()).toBe(0);
    // The keyboard stays on what happened, with the way to the assignment.
    expect(await result.evaluate((element) => element.contains(document.activeElement))).toBe(true);
    await amina.getByRole('link', { name: 'Apri l’incarico' }).waitFor();
    await expectSameDocument(amina);

    // ── Youssef: the offer leaves his inbox by itself and he is told why ──
    await expect.poll(() => offerCard(youssef).count(), { timeout: 10_000 }).toBe(0);
    const notice = youssef.locator('.ponte-notices .alert').filter({ hasText: 'Non più disponibile' });
    await notice.waitFor();
    expect(await notice.innerText()).toContain('Accoglienza a scuola, Arabo');
    expect(await notice.innerText()).toContain('L’ha accettata un’altra persona');
    await expectSameDocument(youssef);

    // ── The teacher's page turns to assigned with Amina's name, live ──
    await expect.poll(() => statusHeading.textContent(), { timeout: 10_000 }).toContain('Assegnata');
    await teacher.locator('.ponte-mediator__name', { hasText: 'Amina El Idrissi' }).waitFor();
    await teacher.getByRole('link', { name: /Chiama Amina El Idrissi/ }).waitFor();
    expect(await teacher.getByText('Accettata da Amina El Idrissi').count()).toBeGreaterThan(0);
    await expectSameDocument(teacher);

    // ── And Amina's assignment now carries what was hidden before ──
    await amina.getByRole('link', { name: 'Apri l’incarico' }).click();
    await amina.waitForURL(`**/assignments/${request.id}`);
    await amina.getByRole('link', { name: /Chiama Marco Brambilla/ }).waitFor();
    expect(await amina.getByText('Primo colloquio con la famiglia').count()).toBe(1);

    await Promise.all([amina.context().close(), youssef.context().close(), teacher.context().close()]);
  });
});
