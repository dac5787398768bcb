import { BadRequestException, NotFoundException } from '@nestjs/common';
import { DomainError } from './domain-error';
import { toProblem } from './problem-details';

describe('toProblem', () => {
  it('maps a domain error by kind, keeping its code and field errors', () => {
    const problem = toProblem(
      new DomainError('conflict', 'AGENCY.CODE_TAKEN', 'taken', [{ field: 'code', message: 'x' }]),
    );
    expect(problem).toEqual({
      type: 'urn:puentes:problem:agency-code-taken',
      title: 'Conflict',
      status: 409,
      detail: 'taken',
      code: 'AGENCY.CODE_TAKEN',
      errors: [{ field: 'code', message: 'x' }],
    });
  });

  it('maps Nest HTTP exceptions and body-parser errors', () => {
    expect(toProblem(new NotFoundException('Cannot GET /x'))).toEqual(
      expect.objectContaining({ status: 404, code: 'NOT_FOUND', detail: 'Cannot GET /x' }),
    );
    const parser = new BadRequestException('Unexpected end', {
      cause: Object.assign(new SyntaxError('Unexpected end'), { type: 'entity.parse.failed' }),
    });
    expect(toProblem(parser)).toEqual(
      expect.objectContaining({ status: 400, code: 'MALFORMED_JSON' }),
    );
  });

  it('maps database errors a request may still reach, and nothing else', () => {
    expect(toProblem({ code: '23505' })?.status).toBe(409);
    expect(toProblem({ code: '22P02' })?.status).toBe(400);
    expect(toProblem({ code: '22021' })?.status).toBe(400);
    expect(toProblem(new Error('boom'))).toBeUndefined();
    expect(toProblem(undefined)).toBeUndefined();
  });
});
