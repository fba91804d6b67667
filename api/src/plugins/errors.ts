import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError, statusTitle, type FieldError } from '../lib/errors.js';
import { isDatabaseUnreachable, sqlState } from '../lib/database-errors.js';

const RETRY_AFTER_SECONDS = 5;

function sendProblem(reply: FastifyReply, status: number, code: string, detail: string, errors?: FieldError[]) {
  return reply
    .code(status)
    .type('application/problem+json')
    .send({
      type: `https://ponte.example/problems/${code.toLowerCase().replaceAll('_', '-')}`,
      title: statusTitle(status),
      status,
      detail,
      code,
      ...(errors ? { errors } : {}),
    });
}

function validationErrors(error: FastifyError): FieldError[] {
  if (!hasZodFastifySchemaValidationErrors(error)) return [];
  const section = error.validationContext === 'body' ? '' : `${error.validationContext ?? 'input'}.`;
  return error.validation.map((issue) => {
    const path = issue.instancePath.replace(/^\//, '').replaceAll('/', '.');
    return { path: `${section}${path}` || section.slice(0, -1) || 'body', message: issue.message ?? 'is invalid' };
  });
}

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
    request.log.warn({ err: error }, 'database unreachable');
    reply.header('retry-after', String(RETRY_AFTER_SECONDS));
    return sendProblem(reply, 503, 'UNAVAILABLE', 'The service is temporarily unavailable; try again shortly');
  }
  if (sqlState(error) === '23P01') {
    return sendProblem(reply, 409, 'MEDIATOR_BUSY', 'The mediator already has an overlapping assignment');
  }
  if (error.statusCode === 429) {
    return sendProblem(reply, 429, 'RATE_LIMITED', 'Too many requests; try again later');
  }
  if (!isResponseSerializationError(error) && error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    const code =
      error.statusCode === 401 ? 'UNAUTHENTICATED' : error.statusCode === 404 ? 'NOT_FOUND' : 'VALIDATION_FAILED';
    return sendProblem(reply, error.statusCode, code, error.message);
  }
  request.log.error(
    { err: error, method: request.method, url: request.url, params: request.params },
    'unhandled error',
  );
  return sendProblem(reply, 500, 'INTERNAL', 'An unexpected error occurred');
}

export const errorsPlugin = fp(async (app: FastifyInstance) => {
  app.setErrorHandler(handleError);
});

export const problemNotFound = (reply: FastifyReply, detail: string) => sendProblem(reply, 404, 'NOT_FOUND', detail);
