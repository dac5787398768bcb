import { HttpException, HttpStatus } from '@nestjs/common';
import { JsonGuardError, MAX_JSON_BODY } from '@app/common/http/json-guard';
import { DomainError, type ErrorKind, type FieldError } from './domain-error';

/** RFC 9457 problem details, with Puentes' `code` and `errors` extension members. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  errors?: FieldError[];
  correlationId?: string;
}

const STATUS_OF_KIND: Record<ErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  unprocessable: 422,
};

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  413: 'Payload too large',
  415: 'Unsupported media type',
  422: 'Unprocessable content',
  429: 'Too many requests',
  500: 'Internal server error',
  503: 'Service unavailable',
};

const slug = (code: string) => code.toLowerCase().replace(/[._]/g, '-');

function problem(status: number, code: string, detail: string, errors?: FieldError[]) {
  const result: ProblemDetails = {
    type: `urn:puentes:problem:${slug(code)}`,
    title: TITLES[status] ?? HttpStatus[status] ?? 'Error',
    status,
    detail,
    code,
  };
  if (errors && errors.length > 0) result.errors = errors;
  return result;
}

/** PostgreSQL errors a malformed request could still reach despite validation. */
function fromDatabase(error: { code?: string; detail?: string }): ProblemDetails | undefined {
  switch (error.code) {
    case '23505':
      return problem(409, 'CONFLICT', 'A record with the same unique value already exists.');
    case '23503':
      return problem(409, 'CONFLICT', 'The record refers to, or is referred to by, another one.');
    case '23502':
      return problem(400, 'VALIDATION_FAILED', 'A required value is missing.');
    case '22P02':
    case '22021': // a NUL character in text, which PostgreSQL cannot store
    case '22003':
    case '22007':
    case '22008':
    case '22P05': // a NUL character inside jsonb (\u0000), which PostgreSQL cannot store
    case '54001': // a value nested too deeply for the server's stack
      return problem(400, 'VALIDATION_FAILED', 'A value has the wrong format or is out of range.');
    case '57014': // statement_timeout
    case '55P03': // lock_timeout
    case '25P03': // idle_in_transaction_session_timeout
    case '40001': // serialization failure
    case '40P01': // deadlock detected
      return busy();
    case '57P01': // the server is shutting down
    case '57P02':
    case '57P03': // the server is starting up
    case '08000':
    case '08001':
    case '08003':
    case '08006':
      return unavailable();
    default:
      return undefined;
  }
}

/** Seconds a client should wait before retrying a 503 (`Retry-After`). */
export const RETRY_AFTER_SECONDS = 2;

const busy = () =>
  problem(503, 'DATABASE_BUSY', 'The database did not answer in time. Try again in a moment.');
const unavailable = () =>
  problem(503, 'DATABASE_UNAVAILABLE', 'The database cannot be reached. Try again in a moment.');

/**
 * Errors of the pg driver itself, which carry no SQLSTATE: the pool's wait limit
 * (`DB_POOL_WAIT_MS`) and connections the server or the network ended.
 */
function fromDriver(error: { code?: string; message?: string }): ProblemDetails | undefined {
  const message = error.message ?? '';
  if (/timeout exceeded when trying to connect/.test(message)) return busy();
  if (
    /Connection terminated|connection timeout|Client has encountered a connection error/.test(
      message,
    ) ||
    ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT'].includes(error.code ?? '')
  )
    return unavailable();
  return undefined;
}

function fromBodyParser(error: unknown): ProblemDetails | undefined {
  if (error instanceof JsonGuardError)
    return problem(400, error.problem.code, error.problem.detail, error.problem.errors);
  switch ((error as { type?: string } | undefined)?.type) {
    case 'entity.parse.failed':
      return problem(400, 'MALFORMED_JSON', 'The request body is not valid JSON.');
    case 'entity.too.large':
      return problem(
        413,
        'PAYLOAD_TOO_LARGE',
        `The request body is larger than the limit of ${MAX_JSON_BODY}.`,
      );
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return problem(415, 'UNSUPPORTED_MEDIA_TYPE', 'The request body must be UTF-8 JSON.');
    default:
      return undefined;
  }
}

/**
 * Maps anything thrown while serving a request to problem details. Returns undefined for an
 * unexpected error: the caller answers 500 with a correlation id and logs it.
 */
export function toProblem(error: unknown): ProblemDetails | undefined {
  if (error instanceof DomainError) {
    return problem(STATUS_OF_KIND[error.kind], error.code, error.message, error.errors);
  }
  // Express' body parser fails before any handler runs; Nest wraps its errors, keeping a cause.
  const parserError = fromBodyParser(error instanceof HttpException ? error.cause : error);
  if (parserError) return parserError;
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const response = error.getResponse();
    const message =
      typeof response === 'string'
        ? response
        : ((response as { message?: unknown }).message ?? error.message);
    const detail = Array.isArray(message) ? message.join('; ') : String(message);
    const code = status === 429 ? 'RATE_LIMITED' : (HttpStatus[status] ?? 'HTTP_ERROR');
    return problem(status, code, detail);
  }
  const candidate = error as { type?: string; status?: number; code?: string; message?: string };
  if (typeof candidate?.status === 'number' && candidate.status >= 400 && candidate.status < 500)
    return problem(candidate.status, 'BAD_REQUEST', candidate.message ?? 'Bad request.');
  if (candidate && typeof candidate.code === 'string' && /^[0-9A-Z]{5}$/.test(candidate.code))
    return fromDatabase(candidate);
  if (candidate && typeof candidate === 'object') {
    const cause = (candidate as { driverError?: unknown }).driverError ?? candidate;
    return fromDriver(cause as { code?: string; message?: string });
  }
  return undefined;
}

export function internalProblem(correlationId: string): ProblemDetails {
  return {
    ...problem(500, 'INTERNAL_ERROR', 'An unexpected error occurred. It has been logged.'),
    correlationId,
  };
}
