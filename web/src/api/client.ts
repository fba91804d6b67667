import { Problem, RefreshResponse, SESSION_HINT_COOKIE } from '@ponte/shared';
import type { z } from 'zod';
import { ApiError } from './api-error';

export { ApiError, isApiError } from './api-error';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RequestOptions {
  /** Sent as JSON. */
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined>;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export interface ParsedRequestOptions<Schema extends z.ZodType> extends RequestOptions {
  /** The shared zod schema the response body must satisfy; its output is what the call resolves to. */
  schema: Schema;
}

export interface FileResponse {
  blob: Blob;
  headers: Headers;
}

/** Who the access token changed for: a new token after sign-in or refresh, or null when the session ended. */
export type AccessTokenListener = (accessToken: string | null) => void;

export interface ApiClient {
  request<Schema extends z.ZodType>(
    method: HttpMethod,
    path: string,
    options: ParsedRequestOptions<Schema>,
  ): Promise<z.output<Schema>>;
  request(method: HttpMethod, path: string, options?: RequestOptions): Promise<void>;
  /** A body kept as it came (a CSV attachment): the same token, refresh and errors as `request`. */
  requestFile(method: HttpMethod, path: string, options: RequestOptions & { accept: string }): Promise<FileResponse>;
  /** Exchanges the refresh cookie for a new access token; concurrent callers share one call. */
  refreshSession(): Promise<RefreshResponse>;
  getAccessToken(): string | null;
  setAccessToken(accessToken: string | null): void;
  onAccessTokenChange(listener: AccessTokenListener): () => void;
}

export interface ApiClientOptions {
  /** Defaults to the global fetch, looked up at call time. */
  fetch?: typeof globalThis.fetch;
  /** Prefix of every path; empty because the API serves the SPA from the same origin. */
  baseUrl?: string;
}

const REFRESH_PATH = '/api/auth/refresh';
const UNREACHABLE_STATUSES = new Set([502, 503, 504]);

const fallbackCodes: Record<number, string> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  429: 'RATE_LIMITED',
};

const isAbort = (error: unknown) => error instanceof DOMException && error.name === 'AbortError';

function buildUrl(baseUrl: string, path: string, query: RequestOptions['query']): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined) search.set(key, String(value));
  }
  const queryString = search.toString();
  return `${baseUrl}${path}${queryString ? `?${queryString}` : ''}`;
}

function retryAfterSeconds(response: Response): number | undefined {
  const header = response.headers.get('retry-after');
  if (!header) return undefined;
  const seconds = Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : undefined;
}

/** Turns any non-2xx response into an ApiError, reading problem+json when the server sent it. */
async function errorFromResponse(response: Response): Promise<ApiError> {
  const text = await response.text().catch(() => '');
  let problem: Problem | undefined;
  try {
    const parsed = Problem.safeParse(JSON.parse(text));
    if (parsed.success) problem = parsed.data;
  } catch {
    // Not JSON (a proxy's HTML error page, an empty body): the status alone tells what happened.
  }
  const fieldErrors: Record<string, string> = {};
  for (const { path, message } of problem?.errors ?? []) {
    fieldErrors[path] ??= message;
  }
  const unreachable = UNREACHABLE_STATUSES.has(response.status);
  return new ApiError({
    status: response.status,
    // A gateway error means the API itself is not there: the same situation as a 503 for the user.
    code: unreachable
      ? 'UNAVAILABLE'
      : (problem?.code ?? fallbackCodes[response.status] ?? (response.status >= 500 ? 'INTERNAL' : 'HTTP_ERROR')),
    detail: problem?.detail ?? problem?.title ?? (response.statusText || `HTTP ${response.status}`),
    fieldErrors,
    retryAfterSeconds: retryAfterSeconds(response),
  });
}

async function parseBody<Schema extends z.ZodType>(response: Response, schema: Schema): Promise<z.output<Schema>> {
  if (!response.ok) throw await errorFromResponse(response);
  const text = response.status === 204 ? '' : await response.text();
  let data: unknown;
  try {
    data = text === '' ? undefined : JSON.parse(text);
  } catch {
    data = text;
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    throw new ApiError({
      status: response.status,
      code: 'INVALID_RESPONSE',
      detail: `Unexpected response from ${response.url || 'the API'}`,
    });
  }
  return parsed.data;
}

/**
 * Runs a refresh under a lock shared by this site's tabs: the server revokes the whole session when an
 * already-rotated refresh cookie comes back, which two tabs refreshing at the same instant would do.
 * Where the Web Locks API is missing, the refresh simply runs.
 */
async function acrossTabs<T>(refresh: () => Promise<T>): Promise<T> {
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
  if (!locks) return refresh();
  // The lock is held until the refresh settles, and request() resolves with its result.
  return (await locks.request('ponte.refresh-session', refresh)) as T;
}

/** Whether this browser may hold a session: the hint cookie set at sign-in (the refresh cookie is httpOnly). */
export function mayHaveSession(): boolean {
  if (typeof document === 'undefined') return false;
  return document.cookie.split(';').some((cookie) => cookie.trim().startsWith(`${SESSION_HINT_COOKIE}=`));
}

function forgetSessionHint() {
  if (typeof document !== 'undefined') document.cookie = `${SESSION_HINT_COOKIE}=; Max-Age=0; Path=/; SameSite=Strict`;
}

export function createApiClient(options: ApiClientOptions = {}): ApiClient {
  const baseUrl = options.baseUrl ?? '';
  // Kept in memory only: a script injected into the page cannot read it from storage, and a reload
  // gets a new one from the httpOnly refresh cookie.
  let accessToken: string | null = null;
  let refreshInFlight: Promise<RefreshResponse> | null = null;
  const listeners = new Set<AccessTokenListener>();

  function setAccessToken(token: string | null) {
    if (token === accessToken) return;
    accessToken = token;
    for (const listener of listeners) listener(token);
  }

  async function send(
    method: HttpMethod,
    path: string,
    requestOptions: RequestOptions,
    token: string | null,
  ): Promise<Response> {
    const headers = new Headers({ Accept: 'application/json, application/problem+json', ...requestOptions.headers });
    if (requestOptions.body !== undefined) headers.set('Content-Type', 'application/json');
    if (token) headers.set('Authorization', `Bearer ${token}`);
    const fetchFunction = options.fetch ?? globalThis.fetch;
    try {
      return await fetchFunction(buildUrl(baseUrl, path, requestOptions.query), {
        method,
        headers,
        body: requestOptions.body === undefined ? undefined : JSON.stringify(requestOptions.body),
        // The refresh cookie lives on path /api/auth: send it there, nowhere else.
        credentials: path.startsWith('/api/auth/') ? 'include' : 'same-origin',
        signal: requestOptions.signal,
      });
    } catch (error) {
      if (isAbort(error)) throw error;
      throw new ApiError({ status: 0, code: 'NETWORK', detail: 'The service could not be reached' });
    }
  }

  function refreshSession(): Promise<RefreshResponse> {
    refreshInFlight ??= (async () => {
      try {
        const response = await acrossTabs(() => send('POST', REFRESH_PATH, {}, null));
        const refreshed = await parseBody(response, RefreshResponse);
        setAccessToken(refreshed.accessToken);
        return refreshed;
      } catch (error) {
        // Only a refusal ends the session; an unreachable server leaves it as it was.
        if (error instanceof ApiError && error.status === 401) {
          forgetSessionHint();
          setAccessToken(null);
        }
        throw error;
      } finally {
        refreshInFlight = null;
      }
    })();
    return refreshInFlight;
  }

  /** Sends with the current token; on a 401 refreshes once (shared with other calls) and sends again. */
  async function sendAuthorized(method: HttpMethod, path: string, requestOptions: RequestOptions): Promise<Response> {
    const tokenSent = accessToken;
    const response = await send(method, path, requestOptions, tokenSent);
    // Auth endpoints answer 401 for wrong credentials or a dead cookie: refreshing cannot help them.
    if (response.status !== 401 || path.startsWith('/api/auth/')) return response;
    let freshToken: string | null = null;
    if (accessToken && accessToken !== tokenSent) {
      // Another call refreshed while this one was in flight: reuse its token.
      freshToken = accessToken;
    } else {
      try {
        freshToken = (await refreshSession()).accessToken;
      } catch (error) {
        if (!(error instanceof ApiError && error.status === 401)) throw error;
      }
    }
    return freshToken ? send(method, path, requestOptions, freshToken) : response;
  }

  async function request(
    method: HttpMethod,
    path: string,
    requestOptions: RequestOptions & { schema?: z.ZodType } = {},
  ) {
    const response = await sendAuthorized(method, path, requestOptions);
    if (requestOptions.schema) return parseBody(response, requestOptions.schema);
    if (!response.ok) throw await errorFromResponse(response);
  }

  async function requestFile(
    method: HttpMethod,
    path: string,
    { accept, ...requestOptions }: RequestOptions & { accept: string },
  ): Promise<FileResponse> {
    const response = await sendAuthorized(method, path, {
      ...requestOptions,
      headers: { ...requestOptions.headers, Accept: accept },
    });
    if (!response.ok) throw await errorFromResponse(response);
    return { blob: await response.blob(), headers: response.headers };
  }

  return {
    request: request as ApiClient['request'],
    requestFile,
    refreshSession,
    getAccessToken: () => accessToken,
    setAccessToken,
    onAccessTokenChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** The application's client; tests build their own with createApiClient({ fetch }). */
export const api = createApiClient();
