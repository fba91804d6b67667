import { Problem } from '@ponte/shared';
import { api, ApiError, type ApiClient } from '@/api/client';

/**
 * Files the API sends as attachments (the summary as CSV). The API client parses JSON only, so this is
 * its small sibling for a body kept as a Blob: the same bearer token, the same single refresh and retry
 * on a 401, failures as the same ApiError.
 */
export interface DownloadedFile {
  blob: Blob;
  fileName: string;
}

const UNREACHABLE_STATUSES = new Set([502, 503, 504]);

/** `attachment; filename="ponte-riepilogo-….csv"` (or RFC 6266's `filename*=UTF-8''…`) → the name. */
export function fileNameFromDisposition(header: string | null, fallback: string): string {
  if (!header) return fallback;
  const extended = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header);
  if (extended?.[1]) {
    try {
      return decodeURIComponent(extended[1].trim());
    } catch {
      // A malformed escape: fall through to the plain parameter.
    }
  }
  const plain = /filename\s*=\s*(?:"([^"]*)"|([^;\s]+))/.exec(header);
  const name = (plain?.[1] ?? plain?.[2] ?? '').trim();
  // Only a base name: a header is never allowed to pick a folder.
  return name.replace(/[\\/]/g, '-') || fallback;
}

async function failureOf(response: Response): Promise<ApiError> {
  const text = await response.text().catch(() => '');
  let problem: Problem | undefined;
  try {
    const parsed = Problem.safeParse(JSON.parse(text));
    if (parsed.success) problem = parsed.data;
  } catch {
    // Not problem+json: the status says enough.
  }
  const unreachable = UNREACHABLE_STATUSES.has(response.status);
  return new ApiError({
    status: response.status,
    code: unreachable
      ? 'UNAVAILABLE'
      : (problem?.code ??
        (response.status === 401 ? 'UNAUTHENTICATED' : response.status === 403 ? 'FORBIDDEN' : 'HTTP_ERROR')),
    detail: problem?.detail ?? (response.statusText || `HTTP ${response.status}`),
  });
}

export async function downloadFile(
  path: string,
  options: { accept: string; query?: Record<string, string>; fallbackName: string },
  client: ApiClient = api,
): Promise<DownloadedFile> {
  const url = `${path}?${new URLSearchParams(options.query ?? {}).toString()}`;
  const send = async (token: string | null) => {
    const headers = new Headers({ Accept: options.accept });
    if (token) headers.set('Authorization', `Bearer ${token}`);
    try {
      return await globalThis.fetch(url, { method: 'GET', headers, credentials: 'same-origin' });
    } catch {
      throw new ApiError({ status: 0, code: 'NETWORK', detail: 'The service could not be reached' });
    }
  };

  const tokenSent = client.getAccessToken();
  let response = await send(tokenSent);
  if (response.status === 401) {
    // As the client does: reuse a token another call just got, or refresh once (shared with other calls).
    const current = client.getAccessToken();
    let freshToken: string | null = current && current !== tokenSent ? current : null;
    if (!freshToken) {
      try {
        freshToken = await client.refreshSession();
      } catch (error) {
        if (!(error instanceof ApiError && error.status === 401)) throw error;
      }
    }
    if (freshToken) response = await send(freshToken);
  }
  if (!response.ok) throw await failureOf(response);
  return {
    blob: await response.blob(),
    fileName: fileNameFromDisposition(response.headers.get('content-disposition'), options.fallbackName),
  };
}

/** Hands a file to the browser's downloads through a temporary link (no page change, no new tab). */
export function saveFile({ blob, fileName }: DownloadedFile): void {
  const href = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = href;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  try {
    link.click();
  } finally {
    link.remove();
    // Revoked on a later task: some browsers read the URL only after click() returns.
    setTimeout(() => URL.revokeObjectURL(href), 0);
  }
}
