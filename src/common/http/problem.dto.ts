import { applyDecorators } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiProperty,
  ApiPropertyOptional,
  ApiResponse,
  getSchemaPath,
} from '@nestjs/swagger';

export class FieldErrorView {
  @ApiProperty({ description: 'Path of the offending value, e.g. `steps[2].sla.duration`' })
  field: string;
  @ApiProperty() message: string;
}

/** RFC 9457 problem details as every error is answered (see `ProblemDetails`). */
export class ProblemView {
  @ApiProperty({ example: 'urn:puentes:problem:validation-failed' }) type: string;
  @ApiProperty({ example: 'Bad request' }) title: string;
  @ApiProperty({ example: 400 }) status: number;
  @ApiProperty() detail: string;
  @ApiProperty({ example: 'VALIDATION_FAILED', description: 'Stable machine-readable code' })
  code: string;
  @ApiPropertyOptional() instance?: string;
  @ApiPropertyOptional({ type: [FieldErrorView], description: 'Every offending field' })
  errors?: FieldErrorView[];
  @ApiPropertyOptional({ description: 'On a 500: the id to find the error in the log' })
  correlationId?: string;
}

const DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid request: `errors` names every offending field',
  401: 'No valid bearer token',
  403: 'Not allowed',
  404: 'Not found',
  409: 'Conflict with the current state',
};

/** Documents `application/problem+json` answers with the given statuses. */
export function ApiProblems(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiExtraModels(ProblemView),
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: DESCRIPTIONS[status] ?? 'Error',
        content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemView) } } },
      }),
    ),
  );
}
