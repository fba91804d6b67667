import { api, type ApiClient } from '@/api/client';

/** Files the API sends as attachments (the summary as CSV), fetched through the API client. */
export interface DownloadedFile {
  blob: Blob;
  fileName: string;
}

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

export async function downloadFile(
  path: string,
  options: { accept: string; query?: Record<string, string>; fallbackName: string },
  client: ApiClient = api,
): Promise<DownloadedFile> {
  const { blob, headers } = await client.requestFile('GET', path, { accept: options.accept, query: options.query });
  return { blob, fileName: fileNameFromDisposition(headers.get('content-disposition'), options.fallbackName) };
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
