import ExcelJS from 'exceljs';
import { labels } from '@ponte/shared';
import { localStartDate } from '../../domain/funding.js';
import { hoursOf } from './funding-report-csv.js';
import { deliveredMinutesOf, type FundingReportDetail } from './funding.service.js';

export const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const SUMMARY_SHEET = 'Riepilogo';
/** Excel's limits on a sheet's name: 31 characters, none of \ / ? * [ ] : */
const MAX_SHEET_NAME = 31;

function sheetName(name: string, taken: Set<string>): string {
  const clean =
    name
      .replace(/[\\/?*[\]:]/g, ' ')
      .replace(/\s+/g, ' ')
      .trim() || 'Linea';
  for (let attempt = 1; ; attempt += 1) {
    const suffix = attempt === 1 ? '' : ` (${attempt})`;
    const candidate = clean.slice(0, MAX_SHEET_NAME - suffix.length) + suffix;
    if (!taken.has(candidate.toLowerCase())) {
      taken.add(candidate.toLowerCase());
      return candidate;
    }
  }
}

const bold = (row: ExcelJS.Row) => {
  row.font = { bold: true };
};

/**
 * The funder's workbook: a summary sheet of every line, then one sheet per line with its months and
 * its requests (date, organization kind, service, language, minutes delivered). Nothing about people:
 * no names, no case references.
 */
export async function fundingReportToXlsx({ report, requestsByLine }: FundingReportDetail): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Ponte';
  workbook.created = new Date(report.from);
  const taken = new Set([SUMMARY_SHEET.toLowerCase()]);

  const summary = workbook.addWorksheet(SUMMARY_SHEET);
  summary.columns = [
    { header: 'Linea di finanziamento', key: 'name', width: 40 },
    { header: 'Finanziatore', key: 'funder', width: 28 },
    { header: 'Codice', key: 'code', width: 18 },
    { header: 'Ore di budget', key: 'budget', width: 14 },
    { header: 'Ore prenotate', key: 'booked', width: 14 },
    { header: 'Ore erogate', key: 'delivered', width: 14 },
    { header: 'Ore rimanenti', key: 'remaining', width: 14 },
    { header: 'Richieste', key: 'requests', width: 12 },
    { header: 'Beneficiari', key: 'beneficiaries', width: 12 },
  ];
  bold(summary.getRow(1));
  for (const row of report.rows) {
    summary.addRow({
      name: row.name,
      funder: row.funder,
      code: row.code ?? '',
      budget: hoursOf(row.budgetMinutes),
      booked: hoursOf(row.bookedMinutes),
      delivered: hoursOf(row.deliveredMinutes),
      remaining: hoursOf(row.remainingMinutes),
      requests: row.requests,
      beneficiaries: row.beneficiaries,
    });
  }

  for (const row of report.rows) {
    const sheet = workbook.addWorksheet(sheetName(row.name, taken));
    sheet.columns = [{ width: 16 }, { width: 22 }, { width: 44 }, { width: 20 }, { width: 16 }];
    bold(sheet.addRow([row.name]));
    sheet.addRow([row.funder, row.code ?? '']);
    sheet.addRow([]);
    bold(sheet.addRow(['Mese (AAAA-MM)', 'Minuti erogati', 'Ore erogate']));
    for (const month of row.byMonth) {
      sheet.addRow([month.month, month.deliveredMinutes, hoursOf(month.deliveredMinutes)]);
    }
    sheet.addRow([]);
    bold(sheet.addRow(['Data', 'Tipo di ente', 'Servizio', 'Lingua', 'Minuti erogati']));
    for (const request of requestsByLine.get(row.fundingLineId) ?? []) {
      sheet.addRow([
        localStartDate(request.startsAt),
        labels.it.organizationKind[request.organizationKind as keyof typeof labels.it.organizationKind] ??
          request.organizationKind,
        labels.it.serviceType[request.serviceType],
        request.languageName,
        deliveredMinutesOf(request),
      ]);
    }
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
