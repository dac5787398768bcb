import {
  BadRequestException,
  HttpException,
  MethodNotAllowedException,
  NotFoundException,
} from '@nestjs/common';
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
    expect(toProblem(new BadRequestException('Validation failed (uuid is expected)'))?.code).toBe(
      'BAD_REQUEST',
    );
    expect(toProblem(new HttpException('Too Many Requests', 429))?.code).toBe('RATE_LIMITED');
    // A status whose name is not a declared code: never raised, and still no undeclared code.
    expect(toProblem(new MethodNotAllowedException())).toEqual(
      expect.objectContaining({ status: 405, code: 'HTTP_ERROR' }),
    );
  });

  it('maps database errors a request may still reach, and nothing else', () => {
    expect(toProblem({ code: '23505' })?.status).toBe(409);
    expect(toProblem({ code: '22P02' })?.status).toBe(400);
    expect(toProblem({ code: '22021' })?.status).toBe(400);
    expect(toProblem(new Error('boom'))).toBeUndefined();
    expect(toProblem(undefined)).toBeUndefined();
  });

  it('answers 503 when the database is too slow or gone, so no caller waits for ever', () => {
    // pg-pool's wait limit (DB_POOL_WAIT_MS), wrapped by TypeORM or not
    const poolTimeout = new Error('timeout exceeded when trying to connect');
    expect(toProblem(poolTimeout)).toEqual(
      expect.objectContaining({ status: 503, code: 'DATABASE_BUSY' }),
    );
    expect(toProblem({ message: 'x', driverError: poolTimeout })?.code).toBe('DATABASE_BUSY');
    for (const code of ['57014', '55P03', '25P03', '40P01'])
      expect(toProblem({ code })?.code).toBe('DATABASE_BUSY');
    for (const code of ['57P01', '08006'])
      expect(toProblem({ code })?.code).toBe('DATABASE_UNAVAILABLE');
    expect(toProblem(new Error('Connection terminated unexpectedly'))?.status).toBe(503);
    expect(toProblem(Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }))?.status).toBe(
      503,
    );
    expect(toProblem({ code: '22P05' })?.status).toBe(400);
  });
});
