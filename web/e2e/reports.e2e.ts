/// <reference lib="dom" />
import { readFile } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage } from './browser';
import { apiAs, COORDINATOR, requestBody, romeDaysAhead, signInAs, TEACHER, type ApiSession } from './support';

/**
 * The coordinator's reports page against the real API: the summary table shows the API's own figures
 * (fetched again here, independently of the page), the cut can change, and the CSV download is the
 * spreadsheet file the API describes.
 */
interface SummaryJson {
  rows: { key: string; requests: number }[];
  totals: { requests: number };
}

let browser: Browser;
let coordinator: ApiSession;
const from = romeDaysAhead(-20, '12:00').slice(0, 10);
const to = romeDaysAhead(20, '12:00').slice(0, 10);

beforeAll(async () => {
  browser = await launchBrowser();
  coordinator = await apiAs(COORDINATOR);
  // At least one request in the period, in a language nobody else's test uses.
  const teacher = await apiAs(TEACHER);
  await teacher.call('POST', '/api/requests', requestBody({ languageCode: 'si', startsAt: romeDaysAhead(3, '10:00') }));
});
afterAll(async () => browser.close());

/** The figures the page should show, read from the API with the page's own query (the end day included). */
async function summaryFromApi(groupBy: string): Promise<SummaryJson> {
  const end = new Date(`${to}T12:00:00Z`);
  end.setUTCDate(end.getUTCDate() + 1);
  return coordinator.call<SummaryJson>(
    'GET',
    `/api/reports/summary?from=${from}&to=${end.toISOString().slice(0, 10)}&groupBy=${groupBy}`,
  );
}

describe('reports', () => {
  it('shows the summary the API computes, changes the cut, and downloads it as CSV', async () => {
    const { page, context } = await openPage(browser);
    await signInAs(page, COORDINATOR);
    await page.goto(`/coordinator/reports?from=${from}&to=${to}&groupBy=language`);
    await page.getByRole('heading', { level: 1, name: 'Report del servizio' }).waitFor();

    const table = page.getByRole('table', { name: /^Riepilogo per lingua/ });
    await table.waitFor();
    const expected = await summaryFromApi('language');
    expect(expected.rows.some((row) => row.key === 'si')).toBe(true);
    const total = table.getByRole('row', { name: /^Totale del periodo/ });
    expect((await total.getByRole('cell').first().innerText()).trim()).toBe(String(expected.totals.requests));
    const sinhala = table.getByRole('row', { name: /^Singalese/ });
    expect((await sinhala.getByRole('cell').first().innerText()).trim()).toBe(
      String(expected.rows.find((row) => row.key === 'si')?.requests),
    );
    expect(await table.locator('tbody tr').count()).toBe(expected.rows.length);

    // Another cut: the caption and the rows follow.
    await page.getByLabel('Raggruppa per').selectOption('district');
    const byDistrict = page.getByRole('table', { name: /^Riepilogo per ambito territoriale/ });
    await byDistrict.waitFor();
    const districts = await summaryFromApi('district');
    await expect.poll(() => byDistrict.locator('tbody tr').count()).toBe(districts.rows.length);
    expect(
      (
        await byDistrict
          .getByRole('row', { name: /^Totale del periodo/ })
          .getByRole('cell')
          .first()
          .innerText()
      ).trim(),
    ).toBe(String(districts.totals.requests));

    // The CSV: a spreadsheet file of the same rows, announced to screen readers when it is saved.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Scarica CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^ponte-riepilogo-.*\.csv$/);
    const csv = await readFile((await download.path()) as string, 'utf8');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const lines = csv
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toContain(';Richieste;');
    expect(lines).toHaveLength(districts.rows.length + 1);
    await page.getByText(`File CSV scaricato: ${download.suggestedFilename()}`).waitFor();
    await context.close();
  });
});
