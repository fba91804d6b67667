import type { FundingReport } from '@ponte/shared';
import { CRLF, CSV_BOM, CSV_SEPARATOR, numberCell, textCell } from '../reports/summary-csv.js';

/** Minutes as hours with two decimals at most: what a funder's spreadsheet sums. */
export const hoursOf = (minutes: number) => Math.round((minutes / 60) * 100) / 100;

const HEADER = [
  'Linea di finanziamento',
  'Finanziatore',
  'Codice',
  'Mese (AAAA-MM)',
  'Ore di budget',
  'Ore prenotate',
  'Ore erogate',
  'Ore rimanenti',
  'Richieste',
  'Beneficiari',
];

/**
 * The funder's report with the summary's CSV conventions (BOM, `;`, decimal comma, CRLF, Italian
 * headers): for each line a row of its totals (month "Totale"), then a row per month with the hours
 * delivered in it.
 */
export function fundingReportToCsv(report: FundingReport): string {
  const lines: string[][] = [HEADER.map(textCell)];
  for (const row of report.rows) {
    const name = [textCell(row.name), textCell(row.funder), textCell(row.code ?? '')];
    lines.push([
      ...name,
      'Totale',
      numberCell(hoursOf(row.budgetMinutes)),
      numberCell(hoursOf(row.bookedMinutes)),
      numberCell(hoursOf(row.deliveredMinutes)),
      numberCell(hoursOf(row.remainingMinutes)),
      numberCell(row.requests),
      numberCell(row.beneficiaries),
    ]);
    for (const month of row.byMonth) {
      lines.push([...name, textCell(month.month), '', '', numberCell(hoursOf(month.deliveredMinutes)), '', '', '']);
    }
  }
  return CSV_BOM + lines.map((cells) => cells.join(CSV_SEPARATOR) + CRLF).join('');
}

/** `ponte-finanziamenti-2026-09-01-2027-07-01.csv` (or `.xlsx`). */
export function fundingCsvFileName(from: string, to: string, extension: 'csv' | 'xlsx'): string {
  const safe = (bound: string) => bound.replaceAll(':', '').replace(/[^0-9A-Za-z.+-]/g, '-');
  return `ponte-finanziamenti-${safe(from)}-${safe(to)}.${extension}`;
}
