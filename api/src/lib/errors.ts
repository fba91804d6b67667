import type { ErrorCode } from '@ponte/shared';

export interface FieldError {
  path: string;
  message: string;
}

/** An error the API reports as problem+json with a stable code; anything else is a 500. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly status: number,
    message: string,
    readonly errors?: FieldError[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const badRequest = (message: string, errors?: FieldError[]) =>
  new AppError('VALIDATION_FAILED', 400, message, errors);
export const fieldError = (path: string, message: string) => badRequest(`${path}: ${message}`, [{ path, message }]);
export const unauthenticated = (message = 'Authentication required') => new AppError('UNAUTHENTICATED', 401, message);
export const forbidden = (message = 'Your role may not do this') => new AppError('FORBIDDEN', 403, message);
export const notFound = (what = 'Resource') => new AppError('NOT_FOUND', 404, `${what} not found`);
export const conflict = (code: ErrorCode, message: string) => new AppError(code, 409, message);
export const rateLimited = (retryAfterSeconds: number) =>
  new AppError('RATE_LIMITED', 429, 'Too many attempts; try again later', undefined, {
    'retry-after': String(retryAfterSeconds),
  });

const titles: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  408: 'Request Timeout',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export const statusTitle = (status: number) => titles[status] ?? 'Error';
