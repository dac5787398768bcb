import { applyDecorators } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiProperty,
  ApiPropertyOptional,
  ApiResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import type { FieldError } from './domain-error';
import type { ProblemDetails } from './problem-details';

/** OpenAPI shape of one offending field of a `400`. */
export class FieldErrorDto implements FieldError {
  @ApiProperty({ description: 'Path of the value', example: 'steps[2].sla.duration' })
  field: string;

  @ApiProperty({ example: 'must be an ISO 8601 duration' })
  message: string;
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

  @ApiProperty({ description: 'Stable machine-readable code', example: 'VALIDATION_FAILED' })
  code: string;

  @ApiPropertyOptional({ description: 'The path that was requested', example: '/api/v1/me' })
  instance?: string;

  @ApiPropertyOptional({
    type: [FieldErrorDto],
    description: 'Every offending field (validation errors only)',
  })
  errors?: FieldErrorDto[];

  @ApiPropertyOptional({ description: 'Only on a 500: the id under which the error was logged' })
  correlationId?: string;
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
