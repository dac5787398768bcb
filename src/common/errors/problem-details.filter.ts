import { randomUUID } from 'node:crypto';
import { type ArgumentsHost, Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { internalProblem, RETRY_AFTER_SECONDS, toProblem } from './problem-details';

/** The one place where an error becomes an HTTP answer: `application/problem+json`. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    const request = http.getRequest<Request>();
    let body = toProblem(error, request);
    if (!body) {
      const correlationId = randomUUID();
      this.logger.error(
        `${request.method} ${request.originalUrl} failed [${correlationId}]`,
        error instanceof Error ? error.stack : String(error),
      );
      body = internalProblem(correlationId);
    }
    if (response.headersSent) return;
    if (body.status === 503) response.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
    // RFC 9110 §15.5.2: a 401 names the scheme to authenticate with (RFC 6750 for Bearer),
    // and says the token was refused when one was given.
    if (body.status === 401)
      response.setHeader(
        'WWW-Authenticate',
        request.headers.authorization
          ? 'Bearer realm="puentes", error="invalid_token"'
          : 'Bearer realm="puentes"',
      );
    response
      .status(body.status)
      .type('application/problem+json')
      .json({ ...body, instance: request.originalUrl });
  }
}
