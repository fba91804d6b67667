import { FundingLine, listOf, OrganizationBudget, RequestDetail, RequestSummary } from '@ponte/shared';
import { defineStore } from 'pinia';
import { api } from '@/api/client';
import { downloadFile, saveFile } from '@/components/coordinator/reports/csv-download';

const FundingLinePage = listOf(FundingLine);
export const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const RequestPage = listOf(RequestSummary);
const linePath = (id: string) => `/api/funding-lines/${encodeURIComponent(id)}`;
const requestPath = (id: string, action: 'approve' | 'reject') => `/api/requests/${encodeURIComponent(id)}/${action}`;

/**
 * Funding lines and hour budgets (API.md): the coordinator's lines and approvals, and the hours an
 * organization has left. The API decides every charge; these calls only read and ask.
 */
export const useFundingStore = defineStore('funding', () => {
  const fetchLines = () => api.request('GET', '/api/funding-lines', { query: { limit: 200 }, schema: FundingLinePage });
  const saveLine = (id: string | undefined, body: unknown) =>
    id
      ? api.request('PATCH', linePath(id), { body, schema: FundingLine })
      : api.request('POST', '/api/funding-lines', { body, schema: FundingLine });
  const fetchBudget = (organizationId: string) =>
    api.request('GET', `/api/organizations/${encodeURIComponent(organizationId)}/budget`, {
      schema: OrganizationBudget,
    });
  const fetchAwaitingApproval = () =>
    api.request('GET', '/api/requests', { query: { status: 'awaiting_approval', limit: 200 }, schema: RequestPage });
  const approve = (id: string, reason?: string) =>
    api.request('POST', requestPath(id, 'approve'), { body: reason ? { reason } : {}, schema: RequestDetail });
  const reject = (id: string, reason?: string) =>
    api.request('POST', requestPath(id, 'reject'), { body: reason ? { reason } : {}, schema: RequestDetail });
  /** Charges a request to another line (null: to none). */
  const moveCharge = (id: string, fundingLineId: string | null) =>
    api.request('PATCH', `/api/requests/${encodeURIComponent(id)}`, { body: { fundingLineId }, schema: RequestDetail });
  /** The funder's report as a file the browser saves: a workbook (XLSX) or the CSV of the summary's conventions. */
  async function downloadReport(format: 'xlsx' | 'csv', period: { from: string; to: string }) {
    const file = await downloadFile('/api/reports/funding', {
      accept: format === 'xlsx' ? XLSX_MEDIA_TYPE : 'text/csv',
      query: period,
      fallbackName: `ponte-finanziamenti-${period.from}-${period.to}.${format}`,
    });
    saveFile(file);
    return file.fileName;
  }
  return { fetchLines, saveLine, fetchBudget, fetchAwaitingApproval, approve, reject, moveCharge, downloadReport };
});
