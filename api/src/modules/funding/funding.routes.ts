import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  FundingLine,
  FundingLineCreate,
  FundingLinePatch,
  FundingReport,
  FundingReportQuery,
  listOf,
  ListQuery,
  OrganizationBudget,
  Uuid,
} from '@ponte/shared';
import { bearer, problems } from '../../lib/route-schemas.js';
import { fundingCsvFileName, fundingReportToCsv } from './funding-report-csv.js';
import { fundingReportToXlsx, XLSX_MEDIA_TYPE } from './funding-report-xlsx.js';
import type { FundingService } from './funding.service.js';

const IdParams = z.object({ id: Uuid });

const REPORT_DESCRIPTION = `The period is \`[from, to)\` over the requests’ start (dates are midnight in Europe/Rome). Each funding line whose period meets it is a row, with the figures of its requests that start in the period: ask for a line's own period to get its state. \`requests\` counts those that use the line's hours (booked or delivered); \`beneficiaries\` the distinct case references among them plus each one without a case reference.

**CSV** (\`Accept: text/csv\`): the summary conventions (UTF-8 with BOM, \`;\`, decimal comma, CRLF, Italian headers), one row per line and month.

**XLSX** (\`Accept: ${XLSX_MEDIA_TYPE}\`): a summary sheet ("Riepilogo") and one sheet per line with its months and its requests (date, organization kind, service type, language, minutes delivered; no names, no case references).`;

type ReportFormat = 'json' | 'csv' | 'xlsx';

/** The format the client asks for most (q-values honoured); JSON unless CSV or XLSX ranks first. */
export function preferredReportFormat(accept: string | undefined): ReportFormat {
  if (!accept) return 'json';
  const quality: Record<ReportFormat, number> = { json: 0, csv: 0, xlsx: 0 };
  for (const part of accept.split(',')) {
    const [mediaType = '', ...parameters] = part.split(';').map((piece) => piece.trim().toLowerCase());
    const qParameter = parameters.find((parameter) => parameter.startsWith('q='));
    const q = qParameter ? Number(qParameter.slice(2)) || 0 : 1;
    const format: ReportFormat | undefined =
      mediaType === 'text/csv'
        ? 'csv'
        : mediaType === XLSX_MEDIA_TYPE
          ? 'xlsx'
          : mediaType === 'application/json' || mediaType === 'application/*' || mediaType === '*/*'
            ? 'json'
            : undefined;
    if (format) quality[format] = Math.max(quality[format], q);
  }
  if (quality.xlsx > 0 && quality.xlsx > quality.json && quality.xlsx >= quality.csv) return 'xlsx';
  if (quality.csv > 0 && quality.csv >= quality.json) return 'csv';
  return 'json';
}

export async function fundingRoutes(app: FastifyInstance, { funding }: { funding: FundingService }) {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['funding'];

  routes.get(
    '/api/funding-lines',
    {
      onRequest: app.requireRole('coordinator'),
      schema: {
        tags,
        summary: 'Funding lines, each with its budget, booked, delivered and remaining minutes',
        description: 'By `from`, earliest first: the order in which a new request is charged.',
        security: bearer,
        querystring: ListQuery,
        response: { 200: listOf(FundingLine), ...problems(400, 401, 403) },
      },
    },
    async (request) => funding.list(request.query),
  );

  routes.post(
    '/api/funding-lines',
    {
      onRequest: app.requireRole('coordinator'),
      schema: {
        tags,
        summary: 'Create a funding line',
        description:
          'Empty (or absent) `organizationIds`, `districtIds` and `serviceTypes` cover every organization, district and service. `from` and `to` are Europe/Rome dates, both included.',
        security: bearer,
        body: FundingLineCreate,
        response: { 201: FundingLine, ...problems(400, 401, 403) },
      },
    },
    async (request, reply) => reply.code(201).send(await funding.create(request.body)),
  );

  routes.get(
    '/api/funding-lines/:id',
    {
      onRequest: app.requireRole('coordinator'),
      schema: {
        tags,
        summary: 'A funding line with its figures',
        security: bearer,
        params: IdParams,
        response: { 200: FundingLine, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => funding.get(request.params.id),
  );

  routes.patch(
    '/api/funding-lines/:id',
    {
      onRequest: app.requireRole('coordinator'),
      schema: {
        tags,
        summary: 'Change a funding line (requests already charged keep their charge)',
        security: bearer,
        params: IdParams,
        body: FundingLinePatch,
        response: { 200: FundingLine, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => funding.update(request.params.id, request.body),
  );

  routes.get(
    '/api/organizations/:id/budget',
    {
      onRequest: app.requireRole('coordinator', 'requester'),
      schema: {
        tags,
        summary: 'The hours left on each funding line that pays for the organization’s requests',
        description:
          'Lines that have not ended and whose lists hold the organization, its district and a service of its kind (or are empty). The figures are the whole line’s.',
        security: bearer,
        params: IdParams,
        response: { 200: OrganizationBudget, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => funding.budgetOf(request.user, request.params.id),
  );

  routes.get(
    '/api/reports/funding',
    {
      onRequest: app.requireRole('coordinator'),
      schema: {
        tags: ['reports', ...tags],
        summary:
          'The funder’s report: hours budgeted, booked, delivered and left, requests and beneficiaries per line, by month',
        description: REPORT_DESCRIPTION,
        security: bearer,
        querystring: FundingReportQuery,
        response: {
          200: {
            description: 'The report, as JSON, CSV or XLSX (see the operation description)',
            content: {
              'application/json': { schema: FundingReport },
              'text/csv': { schema: z.string().describe('UTF-8 with BOM, `;`-separated, decimal comma, CRLF') },
              [XLSX_MEDIA_TYPE]: { schema: z.string().describe('An Office Open XML workbook') },
            },
          },
          ...problems(400, 401, 403),
        },
      },
    },
    async (request, reply) => {
      const detail = await funding.report(request.query);
      const format = preferredReportFormat(request.headers.accept);
      if (format === 'json') return reply.type('application/json; charset=utf-8').send(detail.report);
      const { from, to } = request.query;
      if (format === 'csv') {
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${fundingCsvFileName(from, to, 'csv')}"`)
          .send(fundingReportToCsv(detail.report));
      }
      // The document describes the workbook as a (binary) string; Fastify sends a Buffer as it is.
      const workbook = (await fundingReportToXlsx(detail)) as unknown as string;
      return reply
        .type(XLSX_MEDIA_TYPE)
        .header('content-disposition', `attachment; filename="${fundingCsvFileName(from, to, 'xlsx')}"`)
        .send(workbook);
    },
  );
}
