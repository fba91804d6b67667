import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { ErrorCode } from '@ponte/shared';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError, statusTitle, type FieldError } from '../lib/errors.js';
import { constraintProblem, isDatabaseUnreachable } from '../lib/database-errors.js';

const RETRY_AFTER_SECONDS = 5;

function problemBody(status: number, code: ErrorCode, detail: string, errors?: FieldError[]) {
  return {
    type: `https://ponte.example/problems/${code.toLowerCase().replaceAll('_', '-')}`,
    title: statusTitle(status),
    status,
    detail,
    code,
    ...(errors ? { errors } : {}),
  };
}

function sendProblem(reply: FastifyReply, status: number, code: ErrorCode, detail: string, errors?: FieldError[]) {
  return reply
    .code(status)
    .type('application/problem+json')
    .send(problemBody(status, code, detail, errors));
}

function validationErrors(error: FastifyError): FieldError[] {
  if (!hasZodFastifySchemaValidationErrors(error)) return [];
  const section = error.validationContext === 'body' ? '' : `${error.validationContext ?? 'input'}.`;
  return error.validation.map((issue) => {
    const path = issue.instancePath.replace(/^\//, '').replaceAll('/', '.');
    return { path: `${section}${path}` || section.slice(0, -1) || 'body', message: issue.message ?? 'is invalid' };
  });
}

/** Fastify's own refusals (body parsing, content types), each with a code of its own. */
const frameworkErrors: Record<string, { status: number; code: ErrorCode; detail: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'MALFORMED_BODY', detail: 'The body is not valid JSON' },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    status: 400,
    code: 'MALFORMED_BODY',
    detail: 'The body is empty but its content type says JSON',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    status: 400,
    code: 'MALFORMED_BODY',
    detail: 'The body does not match its Content-Length',
  },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'PAYLOAD_TOO_LARGE', detail: 'The body is too large' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
    detail: 'The body must be sent as application/json',
  },
};

/** Any other 4xx a plugin raised, by its status; a 400 that names no field is BAD_REQUEST, not VALIDATION_FAILED. */
const codeForStatus: Record<number, ErrorCode> = {
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  408: 'REQUEST_TIMEOUT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
  431: 'HEADERS_TOO_LARGE',
};

function handleError(this: FastifyInstance, error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof AppError) {
    if (error.headers) reply.headers(error.headers);
    return sendProblem(reply, error.status, error.code, error.message, error.errors);
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const errors = validationErrors(error);
    return sendProblem(
      reply,
      400,
      'VALIDATION_FAILED',
      `Invalid ${errors.map((fieldError) => fieldError.path).join(', ')}`,
      errors,
    );
  }
  if (isDatabaseUnreachable(error)) {
    request.log.warn({ err: error, method: request.method, url: request.url }, 'database unreachable');
    reply.header('retry-after', String(RETRY_AFTER_SECONDS));
    return sendProblem(reply, 503, 'UNAVAILABLE', 'The service is temporarily unavailable; try again shortly');
  }
  const constraint = constraintProblem(error);
  if (constraint) {
    request.log.info({ err: error, method: request.method, url: request.url }, 'constraint violation');
    return sendProblem(reply, constraint.status, constraint.code, constraint.detail, constraint.errors);
  }
  const known = error.code ? frameworkErrors[error.code] : undefined;
  if (known) return sendProblem(reply, known.status, known.code, known.detail);
  if (!isResponseSerializationError(error) && error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    const code = codeForStatus[error.statusCode] ?? 'BAD_REQUEST';
    return sendProblem(reply, error.statusCode, code, STATUS_CODES[error.statusCode] ?? 'The request was refused');
  }
  request.log.error(
    { err: error, method: request.method, url: request.url, params: request.params },
    'unhandled error',
  );
  return sendProblem(reply, 500, 'INTERNAL', 'An unexpected error occurred');
}

/**
 * Node's HTTP parser refuses some requests before Fastify sees them (headers too large, a malformed
 * request line, a timeout): Fastify's `clientErrorHandler` writes the answer on the bare socket, so it is
 * problem+json too.
 */
export function handleClientError(error: Error & { code?: string }, socket: Socket) {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const [status, code, detail]: [number, ErrorCode, string] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'HEADERS_TOO_LARGE', 'The request headers are too large']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'REQUEST_TIMEOUT', 'The request took too long to arrive']
        : [400, 'BAD_REQUEST', 'The request could not be parsed as HTTP'];
  const body = JSON.stringify(problemBody(status, code, detail));
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\n` +
      'Content-Type: application/problem+json\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Connection: close\r\n\r\n' +
      body,
  );
}

export const errorsPlugin = fp(async (app: FastifyInstance) => {
  app.setErrorHandler(handleError);
});

export const problemNotFound = (reply: FastifyReply, detail: string) => sendProblem(reply, 404, 'NOT_FOUND', detail);
