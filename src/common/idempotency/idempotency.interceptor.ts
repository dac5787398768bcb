import { createHash } from 'node:crypto';
import {
  type CallHandler,
  type ExecutionContext,
  HttpStatus,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import { InjectRepository } from '@nestjs/typeorm';
import type { Request, Response } from 'express';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { Repository } from 'typeorm';
import { DomainError } from '@app/common/errors/domain-error';
import { canonicalJson } from '@app/common/canonical-json';
import { toProblem } from '@app/common/errors/problem-details';
import { IdempotencyKey } from './idempotency-key.entity';
import { idempotencyScope } from './idempotency-scope';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
const KEY_FORMAT = /^[\x21-\x7e]{1,255}$/;
/** A request that holds its key longer than this is taken to have died; its key is reusable. */
const IN_FLIGHT_TIMEOUT_MS = 60_000;
const WAIT_FOR_FIRST_MS = 15_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * `Idempotency-Key` for every mutating POST of an authenticated user: the first request with a
 * key runs and its answer (status and body, success or refusal) is stored; a repeat with the
 * same body gets that answer back without running again; the same key with another body is 422.
 * A repeat that arrives while the first is still running waits for its answer.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    @InjectRepository(IdempotencyKey) private readonly keys: Repository<IdempotencyKey>,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<Request & { user?: { id: string } }>();
    const key = request.headers[IDEMPOTENCY_HEADER];
    if (
      context.getType() !== 'http' ||
      request.method !== 'POST' ||
      key === undefined ||
      !request.user
    ) {
      return next.handle();
    }
    return from(this.handle(context, request, http.getResponse<Response>(), String(key), next));
  }

  private async handle(
    context: ExecutionContext,
    request: Request & { user?: { id: string } },
    response: Response,
    key: string,
    next: CallHandler,
  ): Promise<unknown> {
    if (!KEY_FORMAT.test(key)) {
      throw new DomainError(
        'invalid',
        'IDEMPOTENCY.KEY_INVALID',
        'Idempotency-Key must be 1–255 visible ASCII characters.',
        [{ field: 'Idempotency-Key', message: 'must be 1–255 visible ASCII characters' }],
      );
    }
    const userId = request.user!.id;
    const requestHash = createHash('sha256')
      .update(
        `${request.method} ${request.baseUrl}${request.path}\n${canonicalJson(request.body ?? null)}`,
      )
      .digest('hex');

    const claimed = await this.claim(userId, key, requestHash);
    if (!claimed) {
      const stored = await this.waitForAnswer(userId, key, requestHash);
      response.status(stored.responseStatus!);
      if (stored.responseStatus! >= 400) response.type('application/problem+json');
      response.setHeader('Idempotent-Replayed', 'true');
      return stored.responseBody;
    }

    const status =
      this.reflector.get<number | undefined>(HTTP_CODE_METADATA, context.getHandler()) ??
      HttpStatus.CREATED;
    try {
      const body = await idempotencyScope.run({ userId, key }, () =>
        lastValueFrom(next.handle(), { defaultValue: undefined }),
      );
      await this.remember(userId, key, status, body ?? null);
      return body;
    } catch (error) {
      const problem = toProblem(error, request);
      // A refusal is an answer and is replayed; an unexpected failure frees the key for a retry.
      if (problem)
        await this.remember(userId, key, problem.status, {
          ...problem,
          instance: request.originalUrl,
        });
      else await this.release(userId, key);
      throw error;
    }
  }

  /** Inserts the key as in flight; false when another request already holds it. */
  private async claim(userId: string, key: string, requestHash: string): Promise<boolean> {
    const inserted = (await this.keys.query(
      `INSERT INTO idempotency_keys (user_id, key, request_hash) VALUES ($1, $2, $3)
       ON CONFLICT (user_id, key) DO UPDATE SET request_hash = EXCLUDED.request_hash, created_at = now()
         WHERE idempotency_keys.completed_at IS NULL AND idempotency_keys.committed_at IS NULL
           AND idempotency_keys.created_at < now() - make_interval(secs => $4)
       RETURNING user_id`,
      [userId, key, requestHash, IN_FLIGHT_TIMEOUT_MS / 1000],
    )) as unknown[];
    return inserted.length > 0;
  }

  private async waitForAnswer(userId: string, key: string, requestHash: string) {
    const deadline = Date.now() + WAIT_FOR_FIRST_MS;
    for (;;) {
      const stored = await this.keys.findOneBy({ userId, key });
      if (stored && stored.requestHash !== requestHash) {
        throw new DomainError(
          'unprocessable',
          'IDEMPOTENCY.KEY_REUSED',
          'This Idempotency-Key was already used with a different request.',
        );
      }
      if (stored?.completedAt) return stored;
      if (stored?.committedAt && stored.createdAt.getTime() < Date.now() - IN_FLIGHT_TIMEOUT_MS) {
        throw new DomainError(
          'conflict',
          'IDEMPOTENCY.ANSWER_LOST',
          'The first request with this Idempotency-Key was carried out, but its answer was lost ' +
            '(the service stopped before sending it). Do not send it again: read the resource ' +
            'to see the result.',
        );
      }
      if (!stored || Date.now() > deadline) {
        throw new DomainError(
          'conflict',
          'IDEMPOTENCY.IN_PROGRESS',
          'A request with this Idempotency-Key is still being processed; retry shortly.',
        );
      }
      await sleep(50);
    }
  }

  /** An unexpected failure frees the key for a retry, unless its changes were committed. */
  private async release(userId: string, key: string) {
    await this.keys.query(
      'DELETE FROM idempotency_keys WHERE user_id = $1 AND key = $2 AND committed_at IS NULL',
      [userId, key],
    );
  }

  private async remember(userId: string, key: string, status: number, body: unknown) {
    await this.keys.update(
      { userId, key },
      { responseStatus: status, responseBody: body as object, completedAt: new Date() },
    );
  }
}
