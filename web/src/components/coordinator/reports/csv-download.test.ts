import { afterEach, describe, expect, it, vi } from 'vitest';
import { api, ApiError } from '@/api/client';
import { fakeFetch, jsonResponse, problemResponse } from '@/testing/http';
import { downloadFile, fileNameFromDisposition } from './csv-download';

const csv = (name: string) =>
  new Response('a;b\r\n', {
    status: 200,
    headers: { 'Content-Type': 'text/csv', 'Content-Disposition': `attachment; filename="${name}"` },
  });
const options = {
  accept: 'text/csv',
  query: { from: '2027-01-01', to: '2027-02-01', groupBy: 'month' },
  fallbackName: 'report.csv',
};

describe('downloadFile', () => {
  afterEach(() => api.setAccessToken(null));

  it('refreshes an expired session once and asks again with the new token, as the API client does', async () => {
    api.setAccessToken('expired');
    const fake = fakeFetch({
      'GET /api/reports/summary': [
        problemResponse(401, 'UNAUTHENTICATED'),
        csv('ponte-riepilogo-2027-01-01-2027-02-01.csv'),
      ],
      'POST /api/auth/refresh': [jsonResponse(200, { accessToken: 'fresh', expiresIn: 900 })],
    });
    vi.stubGlobal('fetch', fake.fetch);

    const file = await downloadFile('/api/reports/summary', options);

    expect(fake.callsTo('GET', '/api/reports/summary').map((call) => call.authorization)).toEqual([
      'Bearer expired',
      'Bearer fresh',
    ]);
    expect(file.fileName).toBe('ponte-riepilogo-2027-01-01-2027-02-01.csv');
    expect(await file.blob.text()).toBe('a;b\r\n');
  });

  it('fails as an ApiError, and as signed out when the session cannot be refreshed', async () => {
    api.setAccessToken('expired');
    vi.stubGlobal(
      'fetch',
      fakeFetch({
        'GET /api/reports/summary': [problemResponse(401, 'UNAUTHENTICATED')],
        'POST /api/auth/refresh': [problemResponse(401, 'UNAUTHENTICATED')],
      }).fetch,
    );
    const failure = await downloadFile('/api/reports/summary', options).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApiError);
    expect((failure as ApiError).status).toBe(401);

    vi.stubGlobal('fetch', fakeFetch({ 'GET /api/reports/summary': [problemResponse(503, 'UNAVAILABLE')] }).fetch);
    expect(
      ((await downloadFile('/api/reports/summary', options).catch((error: unknown) => error)) as ApiError)
        .isUnreachable,
    ).toBe(true);
  });
});

describe('fileNameFromDisposition', () => {
  it.each([
    ['attachment; filename="ponte-riepilogo-2027-01-01-2027-02-01.csv"', 'ponte-riepilogo-2027-01-01-2027-02-01.csv'],
    ['attachment; filename=plain.csv', 'plain.csv'],
    ["attachment; filename*=UTF-8''riepilogo%20gennaio.csv", 'riepilogo gennaio.csv'],
    ['attachment; filename="../../etc/passwd"', '..-..-etc-passwd'],
    [null, 'fallback.csv'],
  ])('%s → %s', (header, name) => {
    expect(fileNameFromDisposition(header, 'fallback.csv')).toBe(name);
  });
});
