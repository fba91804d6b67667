import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launchBrowser, openPage } from './browser';
import { addDays, AMINA, expectPhoneFriendly, openPhone, romeWall, signInAs, TEACHER } from './support';

/**
 * Issue 16, point 1: a teacher books a course of ten sessions in one go and sees the dates before
 * sending; Amina (the only woman speaking Arabic who works in person in Vimercate) gets the whole series
 * as one offer on her phone and accepts it; her agenda then shows the ten sessions.
 */
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => browser.close());

/** The first Tuesday at least `days` from today (Rome): far enough that no other test books Amina then. */
function tuesdayAfter(days: number): string {
  let date = addDays(romeWall(Date.now()).date, days);
  while (new Date(`${date}T12:00:00Z`).getUTCDay() !== 2) date = addDays(date, 1);
  return date;
}

/** Fills the weekly rule, Tuesdays and Thursdays, widening it until the preview counts ten sessions (holidays apart). */
async function fillTenSessions(page: Page, firstTuesday: string): Promise<void> {
  await page.locator('#series-first').fill(firstTuesday);
  await page.locator('label[for="series-weekdays-1"]').click();
  await page.locator('label[for="series-weekdays-3"]').click();
  await page.locator('#series-start').fill('16:00');
  const countFor = async (until: string) => {
    await page.locator('#series-until').fill(until);
    // The preview follows the rule after a short pause: wait for the new count (or the same, settled).
    await page.waitForTimeout(900);
    await page.locator('#series-count').waitFor();
    return Number((await page.locator('#series-count').innerText()).match(/\d+/)?.[0] ?? 0);
  };
  for (let week = 5; week <= 9; week += 1) {
    const thursday = addDays(firstTuesday, (week - 1) * 7 + 2);
    const count = await countFor(thursday);
    if (count === 10) return;
    // Nine before this week, eleven with it: this week's Tuesday is the tenth.
    if (count > 10 && (await countFor(addDays(firstTuesday, (week - 1) * 7))) === 10) return;
    if (count > 10) break;
  }
  throw new Error('could not make the rule give exactly ten sessions');
}

describe('a course of sessions', () => {
  it('a teacher books ten sessions and sees the dates; Amina accepts the series on her phone; her agenda shows ten', async () => {
    // ── The teacher's form ──
    const { context: teacherContext, page } = await openPage(browser);
    await signInAs(page, TEACHER);
    await page.goto('/requests/new');
    await page.getByRole('heading', { level: 1, name: 'Nuova richiesta di mediazione' }).waitFor();
    await page.locator('label[for="serviceType-2"]').click();
    await page.locator('#languageCode').selectOption('ar');
    await page.locator('label[for="occurrence-1"]').click();
    await fillTenSessions(page, tuesdayAfter(35));

    const preview = page.getByRole('region', { name: 'Le date degli incontri' });
    const previewed = await preview
      .locator('li:not(.ponte-series-preview__skipped) time')
      .evaluateAll((times) => times.map((time) => time.getAttribute('datetime') ?? ''));
    expect(previewed).toHaveLength(10);
    for (const start of previewed) expect(romeWall(start).time).toBe('16:00');
    await expectAccessible(page);

    await page.locator('label[for="genderPreference-1"]').click();
    await page.locator('label[for="genderRequired-1"]').click();
    await page.locator('#contactPhone').fill('039 123 4567');
    await page.getByRole('button', { name: 'Prenota gli incontri' }).click();

    // ── The series page: every session with its status ──
    await page.waitForURL(/\/series\/[0-9a-f-]{36}/);
    await page.getByRole('heading', { level: 1, name: 'Serie di incontri' }).waitFor();
    const sessions = page.locator('#series-sessions li');
    await expect.poll(() => sessions.count()).toBe(10);
    const booked = await sessions
      .locator('time')
      .evaluateAll((times) => times.map((time) => time.getAttribute('datetime') ?? ''));
    expect(booked).toEqual(previewed);
    expect(await sessions.first().innerText()).toContain('In cerca');
    await expectAccessible(page);

    // ── Amina, on her phone: one offer for the whole series ──
    const { context: phoneContext, page: phone } = await openPhone(browser);
    await signInAs(phone, AMINA);
    await phone.goto('/offers');
    await phone.getByRole('heading', { level: 1, name: 'Proposte di incarico' }).waitFor();
    const card = phone.locator('article.ponte-offer', { has: phone.locator(`time[datetime="${booked[0]}"]`) });
    await card.waitFor();
    const text = (await card.innerText()).replace(/\s+/g, ' ');
    expect(text).toContain('Serie di 10 incontri');
    expect(text).toContain('Ogni martedì e giovedì');
    await expectPhoneFriendly(phone);
    await card.getByRole('button', { name: 'Accetta' }).tap();
    await phone.getByRole('status').filter({ hasText: 'Incarico accettato' }).waitFor();

    // ── Her agenda: the ten sessions ──
    await phone.goto('/agenda');
    await phone.getByRole('heading', { level: 1, name: 'Agenda' }).waitFor();
    const sessionLinks = phone.locator('a[href^="/assignments/"]').filter({ hasText: '16:00' });
    await expect.poll(() => sessionLinks.count()).toBeGreaterThanOrEqual(10);
    const ids = await page
      .locator('#series-sessions li a')
      .evaluateAll((links) => links.map((link) => link.getAttribute('href')?.split('/').pop() ?? ''));
    for (const id of ids) await phone.locator(`a[href="/assignments/${id}"]`).waitFor();
    await expectPhoneFriendly(phone);

    // ── And the teacher's series page says who follows the whole course ──
    await page.reload();
    await page.getByText('Segue tutta la serie: Amina El Idrissi').waitFor();
    expect(await sessions.filter({ hasText: 'Assegnata' }).count()).toBe(10);

    await phoneContext.close();
    await teacherContext.close();
  });
});
