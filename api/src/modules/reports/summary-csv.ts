import type { ReportGroupBy, SummaryReport, SummaryRow } from '@ponte/shared';

/**
 * The summary as Italian spreadsheets open it without an import wizard: UTF-8 with a byte-order mark
 * (Excel otherwise reads the accents as Windows-1252), `;` between fields because `,` is the decimal
 * separator, decimal comma, CRLF line ends (RFC 4180), Italian headers, RFC 4180 quoting.
 */
export const CSV_BOM = '\uFEFF';
export const CSV_SEPARATOR = ';';
export const CRLF = '\r\n';

/** The two leading columns name the group; their headers depend on the cut. */
const keyHeaders: Record<ReportGroupBy, [string, string]> = {
  district: ['Codice ambito', 'Ambito territoriale'],
  language: ['Codice lingua', 'Lingua'],
  organizationKind: ['Codice tipo di ente', 'Tipo di ente'],
  serviceType: ['Codice servizio', 'Servizio'],
  month: ['Mese (AAAA-MM)', 'Mese'],
};

/** Column headers after the two key columns, in the order of the fields. */
export const figureColumns = [
  ['requests', 'Richieste'],
  ['assigned', 'Assegnate'],
  ['unfilled', 'Non coperte'],
  ['cancelled', 'Annullate'],
  ['lateCancelled', 'Annullate tardivamente'],
  ['completed', 'Completate'],
  ['minutesDelivered', 'Minuti erogati confermati'],
  ['medianMinutesToAssign', "Minuti all'assegnazione (mediana)"],
  ['p90MinutesToAssign', "Minuti all'assegnazione (90° percentile)"],
] as const satisfies readonly (readonly [keyof SummaryRow, string])[];

const NEEDS_QUOTES = /[";\r\n]|^\s|\s$/;
/** A text cell a spreadsheet would run as a formula (CSV injection); our keys and names never start so. */
const FORMULA_START = /^[=+\-@\t\r]/;

export function textCell(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** Whole numbers as they are, fractions with a decimal comma, no thousands separator; null is an empty cell. */
export function numberCell(value: number | null): string {
  if (value === null) return '';
  return Number.isInteger(value) ? String(value) : String(value).replace('.', ',');
}

export function summaryToCsv(report: SummaryReport): string {
  const header = [...keyHeaders[report.groupBy], ...figureColumns.map(([, title]) => title)].map(textCell);
  const lines = report.rows.map((row) => [
    textCell(row.key),
    textCell(row.label),
    ...figureColumns.map(([field]) => numberCell(row[field] as number | null)),
  ]);
  return CSV_BOM + [header, ...lines].map((cells) => cells.join(CSV_SEPARATOR) + CRLF).join('');
}

/** `ponte-riepilogo-2027-01-01-2027-07-01.csv`: the bounds as asked, reduced to characters safe in a file name. */
export function summaryCsvFileName(from: string, to: string): string {
  const safe = (bound: string) => bound.replaceAll(':', '').replace(/[^0-9A-Za-z.+-]/g, '-');
  return `ponte-riepilogo-${safe(from)}-${safe(to)}.csv`;
}
