import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { FairnessReport, GapsReport, ReportPeriodQuery, SummaryQuery, SummaryReport } from '@ponte/shared';
import { bearer, problems } from '../../lib/route-schemas.js';
import type { ReportsService } from './reports.service.js';
import { summaryCsvFileName, summaryToCsv } from './summary-csv.js';

const PERIOD =
  'The period is `[from, to)` over the requests’ start: `from` and `to` are dates (`2027-01-01`, midnight in Europe/Rome) or instants with an offset; `to` must be after `from`.';

const SUMMARY_DESCRIPTION = `${PERIOD}

Rows hold the figures of each group (months as \`YYYY-MM\` in Europe/Rome) and \`totals\` those of the whole period; an empty period gives \`rows: []\` and zero totals.

**CSV.** With \`Accept: text/csv\` the same rows come as a spreadsheet file (\`Content-Disposition: attachment; filename="ponte-riepilogo-<from>-<to>.csv"\`): UTF-8 with a byte-order mark, fields separated by \`;\`, decimal comma, CRLF line ends, a header row in Italian, a field in double quotes when it holds \`;\`, \`"\` or a line break (quotes doubled). Columns: the group's code and its Italian name (headers by cut, e.g. \`Codice ambito;Ambito territoriale\`), then \`Richieste;Assegnate;Non coperte;Annullate;Annullate tardivamente;Completate;Minuti erogati confermati;Minuti all'assegnazione (mediana);Minuti all'assegnazione (90° percentile)\`; an empty cell where a median has no data. The totals are not repeated in the CSV.`;

const CSV_MEDIA_TYPE = 'text/csv';

/** True when the client asks for CSV at least as much as for JSON (`Accept: text/csv`, or with q-values). */
export function prefersCsv(accept: string | undefined): boolean {
  if (!accept) return false;
  let csv = 0;
  let json = 0;
  for (const part of accept.split(',')) {
    const [mediaType = '', ...parameters] = part.split(';').map((piece) => piece.trim().toLowerCase());
    const qParameter = parameters.find((parameter) => parameter.startsWith('q='));
    const quality = qParameter ? Number(qParameter.slice(2)) || 0 : 1;
    if (mediaType === CSV_MEDIA_TYPE) csv = Math.max(csv, quality);
    if (mediaType === 'application/json' || mediaType === 'application/*') json = Math.max(json, quality);
  }
  return csv > 0 && csv >= json;
}

export async function reportsRoutes(app: FastifyInstance, { reports }: { reports: ReportsService }) {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['reports'];

  routes.get(
    '/api/reports/summary',
    {
      onRequest: app.requireRole('coordinator'),
      schema: {
        tags,
        summary:
          'Requests, assignments, unmet demand, minutes delivered and time to assign, by district, language, kind of organization, service or month',
        description: SUMMARY_DESCRIPTION,
        security: bearer,
        querystring: SummaryQuery,
        response: {
          200: {
            description: 'The summary, as JSON or (with `Accept: text/csv`) as CSV',
            content: {
              'application/json': { schema: SummaryReport },
              'text/csv': {
                schema: z
                  .string()
                  .describe('UTF-8 with BOM, `;`-separated, decimal comma, CRLF; see the operation description'),
              },
            },
          },
          ...problems(400, 401, 403),
        },
      },
    },
    async (request, reply) => {
      const report = await reports.summary(request.query);
      if (!prefersCsv(request.headers.accept)) return reply.type('application/json; charset=utf-8').send(report);
      return reply
        .type('text/csv; charset=utf-8')
        .header(
          'content-disposition',
          `attachment; filename="${summaryCsvFileName(request.query.from, request.query.to)}"`,
        )
        .send(summaryToCsv(report));
    },
  );

  routes.get(
    '/api/reports/gaps',
    {
      onRequest: app.requireRole('coordinator'),
      schema: {
        tags,
        summary:
          'Unmet demand: languages × districts of requests that went unfilled, with why matching excluded the mediators who speak the language',
        description: `${PERIOD} Rows most unfilled first; reasons are counted once per excluded mediator per request, \`no_mediator_speaks_language\` once per request when nobody speaks it.`,
        security: bearer,
        querystring: ReportPeriodQuery,
        response: { 200: GapsReport, ...problems(400, 401, 403) },
      },
    },
    async (request) => reports.gaps(request.query),
  );

  routes.get(
    '/api/reports/fairness',
    {
      onRequest: app.requireRole('coordinator'),
      schema: {
        tags,
        summary:
          'Minutes offered to and delivered by each active mediator, and the Gini coefficient of delivered minutes',
        description: `${PERIOD} Every active mediator is listed, those without work too; \`gini\` is 0 when delivery is evenly shared (or nobody delivered) and approaches 1 as it concentrates.`,
        security: bearer,
        querystring: ReportPeriodQuery,
        response: { 200: FairnessReport, ...problems(400, 401, 403) },
      },
    },
    async (request) => reports.fairness(request.query),
  );
}
