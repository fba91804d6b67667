/** Codes the client adds to the API's own (shared `errorCodes`) for failures that never reached it. */
export type ClientErrorCode = 'NETWORK' | 'UNAVAILABLE' | 'INVALID_RESPONSE';

export interface ApiErrorInit {
  status: number;
  code: string;
  detail: string;
  /** Field path (`email`, `location.address`) → the server's message for it. */
  fieldErrors?: Record<string, string>;
  /** Seconds from a `Retry-After` header, when the server sent one. */
  retryAfterSeconds?: number;
}

/** Every failed call of the API client, whether the server answered with problem+json or not at all. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly fieldErrors: Record<string, string>;
  readonly retryAfterSeconds: number | undefined;

  constructor(init: ApiErrorInit) {
    super(`${init.code}: ${init.detail}`);
    this.name = 'ApiError';
    this.status = init.status;
    this.code = init.code;
    this.detail = init.detail;
    this.fieldErrors = init.fieldErrors ?? {};
    this.retryAfterSeconds = init.retryAfterSeconds;
  }

  /** The service could not be reached or is down: what the user typed is still valid, try again later. */
  get isUnreachable(): boolean {
    return this.code === 'NETWORK' || this.code === 'UNAVAILABLE';
  }

  get hasFieldErrors(): boolean {
    return Object.keys(this.fieldErrors).length > 0;
  }
}

export const isApiError = (error: unknown): error is ApiError => error instanceof ApiError;
