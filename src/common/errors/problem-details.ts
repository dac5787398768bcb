import { HttpException, HttpStatus } from '@nestjs/common';
import { JsonGuardError, MAX_JSON_BODY, NotJsonBodyError } from '@app/common/http/json-guard';
import {
  DomainError,
  type ErrorKind,
  type FieldError,
  type ProblemExtensions,
} from './domain-error';
import { isProblemCode, type ProblemCode } from './problem-codes';

/** RFC 9457 problem details, with Puentes' `code`, `errors` and other extension members. */
export interface ProblemDetails extends ProblemExtensions {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ProblemCode;
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
  too_large: 413,
  range_not_satisfiable: 416,
  unsupported_media_type: 415,
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
  416: 'Range not satisfiable',
  422: 'Unprocessable content',
  429: 'Too many requests',
  500: 'Internal server error',
  503: 'Service unavailable',
};

const slug = (code: string) => code.toLowerCase().replace(/[._]/g, '-');

function problem(status: number, code: ProblemCode, detail: string, errors?: FieldError[]) {
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

/** What a request carried, to tell which of its values PostgreSQL refused. */
export interface RequestValues {
  body?: unknown;
  query?: unknown;
  params?: unknown;
}

/**
 * PostgreSQL's refusals of a value a client gave (SQLSTATE class 22, and 54000 for a value
 * too large for an index), each with what a person can do about it. Validation should stop
 * these first; this is the net under it, so that no such value ever becomes a 500.
 */
const VALUE_REFUSALS: Record<string, string> = {
  '22P02': 'is not of the expected type or format',
  '22007': 'is not a valid date or time',
  '22008': 'is a date or time out of the supported range',
  '22003': 'is a number out of the supported range',
  '22001': 'is longer than the stored field allows',
  '22021': 'contains the NUL character (U+0000), which cannot be stored',
  '22P05': 'contains the NUL character (U+0000), which cannot be stored',
  '54000': 'is too large to be indexed; shorten it',
  '54001': 'is nested too deeply',
};

const camel = (column: string) => column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/**
 * The request field PostgreSQL refused: the column it names (a NOT NULL or a check), else the
 * field whose value its message quotes (`invalid input syntax for type uuid: "abc"`), else
 * the text holding a NUL, the longest text (too long, too large to index) or the largest
 * number (out of range) given. Undefined when it cannot tell.
 */
function refusedField(
  error: { code?: string; column?: string; message?: string },
  request: RequestValues | undefined,
): string | undefined {
  if (error.column) return camel(error.column);
  if (!request) return undefined;
  const leaves = [
    ...leavesOf(request.body, ''),
    ...leavesOf(request.query, ''),
    ...leavesOf(request.params, ''),
  ];
  const quoted = /"((?:[^"\\]|\\.)*)"\s*$/.exec(error.message ?? '')?.[1];
  if (quoted !== undefined) {
    const match = leaves.find(([, value]) => String(value) === quoted);
    if (match) return match[0];
  }
  if (error.code === '22P05' || error.code === '22021') {
    return leaves.find(([, value]) => typeof value === 'string' && value.includes('\u0000'))?.[0];
  }
  if (error.code === '22001' || error.code === '54000') {
    const texts = leaves.filter(([, value]) => typeof value === 'string');
    texts.sort((a, b) => String(b[1]).length - String(a[1]).length);
    return texts[0]?.[0];
  }
  if (error.code === '22003') {
    const numbers = leaves.filter(([, value]) => Number.isFinite(Number(value)) && value !== '');
    numbers.sort((a, b) => Math.abs(Number(b[1])) - Math.abs(Number(a[1])));
    return numbers[0]?.[0];
  }
  return undefined;
}

/** Every scalar of a request value with its path (`attributes.note`, `steps[2].key`). */
function leavesOf(value: unknown, path: string, depth = 0): [string, unknown][] {
  if (depth > 32) return [];
  if (Array.isArray(value))
    return value.flatMap((item, i) => leavesOf(item, `${path}[${i}]`, depth + 1));
  if (value !== null && typeof value === 'object')
    return Object.entries(value).flatMap(([key, item]) =>
      leavesOf(item, path ? `${path}.${key}` : key, depth + 1),
    );
  return path && value !== undefined ? [[path, value]] : [];
}

/** PostgreSQL errors a malformed request could still reach despite validation. */
function fromDatabase(
  error: { code?: string; detail?: string; column?: string; message?: string },
  request?: RequestValues,
): ProblemDetails | undefined {
  const refusal = error.code ? VALUE_REFUSALS[error.code] : undefined;
  if (refusal) {
    const field = refusedField(error, request);
    return field
      ? problem(400, 'VALIDATION_FAILED', `The request is invalid: ${field}.`, [
          { field, message: `${field} ${refusal}` },
        ])
      : problem(400, 'VALIDATION_FAILED', `A value of the request ${refusal}.`);
  }
  switch (error.code) {
    case '23505':
      return problem(409, 'CONFLICT', 'A record with the same unique value already exists.');
    case '23503':
      return problem(409, 'CONFLICT', 'The record refers to, or is referred to by, another one.');
    case '23502': {
      const field = error.column ? camel(error.column) : undefined;
      return field
        ? problem(400, 'VALIDATION_FAILED', `The request is invalid: ${field}.`, [
            { field, message: `${field} is required` },
          ])
        : problem(400, 'VALIDATION_FAILED', 'A required value is missing.');
    }
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

/**
 * A body that is valid JSON but not an object or an array (`null`, `42`, `"text"`): the
 * parser refuses it as malformed, but the client deserves to hear what it actually sent.
 */
function notAnObject(text: unknown): ProblemDetails | undefined {
  if (typeof text !== 'string') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value === 'object' && value !== null) return undefined;
  const what =
    value === null ? 'JSON null' : `a JSON ${typeof value} (${text.trim().slice(0, 40)})`;
  return problem(
    400,
    'BODY_NOT_AN_OBJECT',
    `The request body is ${what}; a JSON object is expected.`,
    [{ field: '', message: `the body is ${what}, not a JSON object` }],
  );
}

function fromBodyParser(error: unknown): ProblemDetails | undefined {
  if (error instanceof JsonGuardError)
    return problem(400, error.problem.code, error.problem.detail, error.problem.errors);
  if (error instanceof NotJsonBodyError)
    return problem(415, 'UNSUPPORTED_MEDIA_TYPE', error.message);
  switch ((error as { type?: string } | undefined)?.type) {
    case 'entity.parse.failed':
      return (
        notAnObject((error as { body?: unknown }).body) ??
        problem(400, 'MALFORMED_JSON', 'The request body is not valid JSON.')
      );
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
export function toProblem(error: unknown, request?: RequestValues): ProblemDetails | undefined {
  if (error instanceof DomainError) {
    return {
      ...problem(STATUS_OF_KIND[error.kind], error.code, error.message, error.errors),
      ...error.extensions,
    };
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
    // Nest's own (a path no route serves, a parameter ParseUUIDPipe refuses…): the status' name.
    const name = status === 429 ? 'RATE_LIMITED' : HttpStatus[status];
    return problem(status, isProblemCode(name) ? name : 'HTTP_ERROR', detail);
  }
  const candidate = error as { type?: string; status?: number; code?: string; message?: string };
  if (typeof candidate?.status === 'number' && candidate.status >= 400 && candidate.status < 500)
    return problem(candidate.status, 'BAD_REQUEST', candidate.message ?? 'Bad request.');
  if (candidate && typeof candidate.code === 'string' && /^[0-9A-Z]{5}$/.test(candidate.code))
    return fromDatabase(candidate, request);
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
