import { applyDecorators } from '@nestjs/common';
import {
  type OpenAPIObject,
  ApiExtraModels,
  ApiProperty,
  ApiPropertyOptional,
  ApiResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import {
  CHAIN_PROBLEM_CODES,
  type ChainProblemCode,
  type ChainProblemParams,
} from '@puentes/workflow-engine';
import type { FieldError } from './domain-error';
import { PROBLEM_CODES, type ProblemCode } from './problem-codes';
import type { ProblemDetails } from './problem-details';

/** OpenAPI shape of one offending field of a `400`. */
export class FieldErrorDto implements FieldError {
  @ApiProperty({ description: 'Path of the value', example: 'steps[2].sla.duration' })
  field: string;

  @ApiProperty({
    description: 'In English, for developers',
    example: 'must be an ISO 8601 duration',
  })
  message: string;

  @ApiPropertyOptional({
    enum: [...CHAIN_PROBLEM_CODES],
    description:
      'Only on the problems of an approval chain (`CHAIN.INVALID`, `CHAIN.KEY_IMMUTABLE`, `WORKFLOW.CHAIN_INVALID`): what is wrong, as a stable code a client words in its own language; `params` holds the values it speaks of',
    example: 'duration',
  })
  code?: ChainProblemCode;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: {
      oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'array', items: { type: 'string' } }],
    },
    description:
      'With `code`: its values, e.g. `{ key }` of `unknown_step`, `{ min, max }` of `range`, `{ steps }` (in order) of `cycle`, `{ values }` of `one_of`',
    example: { min: 1, max: 3 },
  })
  params?: ChainProblemParams;
}

/**
 * OpenAPI shape of every error answer (RFC 9457 `application/problem+json`), so generated
 * clients get one typed error. The runtime shape is `ProblemDetails`; this class only documents it.
 */
export class ProblemDetailsDto implements ProblemDetails {
  @ApiProperty({ example: 'urn:puentes:problem:validation-failed' })
  type: string;

  @ApiProperty({ example: 'Bad request' })
  title: string;

  @ApiProperty({ example: 400 })
  status: number;

  @ApiProperty({ example: 'The request is invalid: currentPassword.' })
  detail: string;

  @ApiProperty({
    enum: PROBLEM_CODES,
    description:
      'What went wrong, as a stable code a client acts on and words in its own language (never renamed)',
    example: 'VALIDATION_FAILED',
  })
  code: ProblemCode;

  @ApiPropertyOptional({ description: 'The path that was requested', example: '/api/v1/me' })
  instance?: string;

  @ApiPropertyOptional({
    type: [FieldErrorDto],
    description: 'Every offending field (validation errors only)',
  })
  errors?: FieldErrorDto[];

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Only on a 500: the id under which the error was logged',
  })
  correlationId?: string;

  @ApiPropertyOptional({
    type: [String],
    description:
      'Only on a 403 to a decision: the codes of the assignees (agencies, technical groups) of that step that have not decided yet',
    example: ['SRE', 'BC-CA'],
  })
  pendingAssignees?: string[];
}

/**
 * Documents error answers of a route as problem+json, one `@ApiResponse` per status:
 * `@ApiProblems({ 400: 'Wrong current password or weak new one', 401: 'No valid token' })`.
 */
export function ApiProblems(responses: Record<number, string>) {
  return applyDecorators(
    ApiExtraModels(ProblemDetailsDto, FieldErrorDto),
    ...Object.entries(responses).map(([status, description]) =>
      ApiResponse({
        status: Number(status),
        description,
        content: {
          'application/problem+json': { schema: { $ref: getSchemaPath(ProblemDetailsDto) } },
        },
      }),
    ),
  );
}

type Parameter = {
  in: string;
  name: string;
  required?: boolean;
  description?: string;
  schema?: Record<string, unknown>;
};

type Operation = {
  parameters?: Parameter[];
  requestBody?: unknown;
  security?: unknown[];
  responses: Record<string, unknown>;
};

const MUTATING = new Set(['post', 'put', 'patch', 'delete']);
/** Mutating routes open to every signed-in user (their own session, profile, notifications). */
const OPEN_TO_EVERY_USER = /^\/api\/v1\/(auth|me)(\/|$)|^\/api\/v1\/notifications\/\{id\}\/read$/;

/** Path parameters that hold ids: `:id`, `:projectId`… (every one goes through ParseUUIDPipe). */
const ID_PARAMETER = /^(id|[a-z]+Id)$/;

/**
 * The conventions every route shares, written into the OpenAPI document once rather than on
 * each route: ids in paths are UUIDs (`format: uuid`), and every mutating POST of a signed-in
 * user takes an `Idempotency-Key` (the global `IdempotencyInterceptor` honours it on each).
 */
function documentConventions(path: string, method: string, operation: Operation): void {
  operation.parameters ??= [];
  for (const parameter of operation.parameters) {
    if (parameter.in === 'path' && ID_PARAMETER.test(parameter.name))
      parameter.schema = { ...parameter.schema, type: 'string', format: 'uuid' };
  }
  if (
    method === 'post' &&
    path.startsWith('/api/') &&
    operation.security?.length &&
    !operation.parameters.some((p) => p.name.toLowerCase() === 'idempotency-key')
  ) {
    operation.parameters.push({
      in: 'header',
      name: 'Idempotency-Key',
      required: false,
      description:
        'Up to 255 visible ASCII characters. A repeat with the same key and body by the same ' +
        'user replays the first answer and performs nothing again; another body is 422.',
      schema: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[\\x21-\\x7e]+$' },
    });
  }
}

/**
 * Completes the OpenAPI document with the problem answers every route shares, so a client
 * generated from it knows every error it may meet (RFC 9457 `application/problem+json`), and
 * with the conventions of `documentConventions`. A
 * status a route documents itself (`@ApiProblems`) is kept as it is; otherwise, by what the
 * operation takes: `400` with a body or parameters, `401` behind a bearer token, `403` on a
 * mutating route that needs a role, `404` with a path parameter, `422` with an
 * `Idempotency-Key`, and `503` everywhere (database busy or down, `Retry-After`).
 */
export function documentProblems(document: OpenAPIObject): OpenAPIObject {
  const problem = {
    'application/problem+json': { schema: { $ref: getSchemaPath(ProblemDetailsDto) } },
  };
  for (const [path, operations] of Object.entries(document.paths)) {
    for (const [method, value] of Object.entries(operations as Record<string, unknown>)) {
      const operation = value as Operation;
      if (!operation?.responses) continue;
      // A route without a bearer token says so, rather than leaving it to be guessed.
      operation.security ??= [];
      documentConventions(path, method, operation);
      if (!path.startsWith('/api/')) continue;
      const params = operation.parameters ?? [];
      const add = (status: number, description: string) => {
        operation.responses[status] ??= { description, content: problem };
      };
      if (operation.requestBody || params.some((p) => p.in === 'query' || p.in === 'path'))
        add(400, 'Invalid request: `errors` names every offending field');
      if (operation.requestBody) add(415, 'The body is not `application/json`');
      if (operation.security?.length) add(401, 'No valid bearer token, or its session has ended');
      if (MUTATING.has(method) && operation.security?.length && !OPEN_TO_EVERY_USER.test(path))
        add(403, 'The caller’s roles do not allow this');
      if (params.some((p) => p.in === 'path')) add(404, 'Not found, or not visible to the caller');
      if (params.some((p) => p.name.toLowerCase() === 'idempotency-key'))
        add(422, 'The Idempotency-Key was used before with another body');
      add(503, 'The database is busy or unreachable; retry after `Retry-After` seconds');
    }
  }
  return document;
}
