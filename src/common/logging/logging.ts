import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LoggerService, LogLevel } from '@nestjs/common';
import type { Request, RequestHandler } from 'express';
import { Logger as NestPinoLogger, PinoLogger } from 'nestjs-pino';
import pino, { type DestinationStream, type Level, type Logger } from 'pino';
import { pinoHttp, type HttpLogger } from 'pino-http';
import pinoPretty from 'pino-pretty';

/** The request id header: taken from the caller (a proxy's id) when sane, else made here. */
export const REQUEST_ID_HEADER = 'X-Request-Id';
const ACCEPTED_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Where a secret could sit in a log line. The request and response serializers below log no
 * header and no body at all; these paths are the second lock, for anything a log call passes
 * (an error carrying a request, an object with a password).
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  '*.password',
  '*.currentPassword',
  '*.newPassword',
  '*.token',
  '*.accessToken',
  '*.refreshToken',
  'password',
  'accessToken',
  'refreshToken',
];

export interface LogOptions {
  /** The most detailed level written (`info` writes info, warn, error and fatal). */
  level: Level;
  /** Where lines go; default stdout (the tests pass a stream to read them). */
  destination?: DestinationStream;
}

/**
 * The process's root logger: one JSON object a line (`time` in ISO 8601 UTC, `level` as a
 * word), secrets redacted; on a terminal (stdout a TTY, no destination given) the same lines
 * printed readably by pino-pretty instead, for a person running `npm start`.
 */
export function createRootLogger(options: LogOptions): Logger {
  const pretty = !options.destination && process.stdout.isTTY === true;
  const destination =
    options.destination ??
    (pretty
      ? pinoPretty({
          colorize: true,
          sync: true,
          translateTime: 'SYS:HH:MM:ss.l',
          ignore: 'pid,hostname,context',
          messageFormat: '{if context}[{context}] {end}{msg}',
        })
      : // Synchronous: the last lines before process.exit (a failed start, "stopped") are kept.
        pino.destination({ sync: true }));
  return pino(
    {
      level: options.level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    },
    destination,
  );
}

/** The pino level that writes what Nest's list of levels asks for (its most detailed). */
export function pinoLevelOf(levels: LogLevel[]): Level {
  if (levels.includes('verbose')) return 'trace';
  if (levels.includes('debug')) return 'debug';
  if (levels.includes('log')) return 'info';
  if (levels.includes('warn')) return 'warn';
  return levels.includes('error') || levels.includes('fatal') ? 'error' : 'fatal';
}

/** Nest's `Logger` (and `new Logger(context)` everywhere) writing through the root logger. */
export function nestLoggerOf(root: Logger): LoggerService {
  return new NestPinoLogger(new PinoLogger({ pinoHttp: { logger: root } }), {});
}

/** The route pattern an Express request matched (`/api/v1/workflows/:id`), or undefined. */
export function routeOf(request: Request): string | undefined {
  const path = (request.route as { path?: unknown } | undefined)?.path;
  return typeof path === 'string' ? request.baseUrl + path : undefined;
}

/**
 * The first middlewares of the HTTP server: {@link requestLogger}, then the request's context
 * for Nest's loggers, so that every line logged while a request runs (an error with its
 * correlationId, a warning of a service) carries the request's `reqId`.
 */
export function requestLogging(root: Logger): RequestHandler[] {
  const context = new PinoLogger({ pinoHttp: { logger: root } });
  return [
    requestLogger(root) as unknown as RequestHandler,
    (request, _response, next) =>
      context.runInContext(next, { bindings: { reqId: (request as { id?: unknown }).id } }),
  ];
}

/**
 * Gives every request an id (the caller's
 * `X-Request-Id` when it is 1–128 characters of `A-Za-z0-9._:-`, else a UUID), returns it as
 * `X-Request-Id` on every response, and writes one line per request when it ends: `reqId`,
 * method, url, status, `responseTime` (ms), `route` (the pattern matched), `userId` (the
 * authenticated caller, if any). `/health` and `/metrics` answered 2xx are logged at `debug`,
 * so probes every few seconds do not bury the rest.
 */
export function requestLogger(root: Logger): HttpLogger<IncomingMessage, ServerResponse> {
  return pinoHttp({
    logger: root,
    genReqId: (req, res) => {
      const given = req.headers['x-request-id'];
      const id =
        typeof given === 'string' && ACCEPTED_REQUEST_ID.test(given) ? given : randomUUID();
      res.setHeader(REQUEST_ID_HEADER, id);
      return id;
    },
    quietReqLogger: true,
    customAttributeKeys: { reqId: 'reqId' },
    serializers: {
      // No headers and no body: nothing secret can be written (see REDACTED_PATHS).
      req: (req: { method: string; url: string; remoteAddress?: string }) => ({
        method: req.method,
        url: req.url,
        remoteAddress: req.remoteAddress,
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    customProps: (req) => {
      const request = req as unknown as Request & { user?: { id: string } };
      return { route: routeOf(request), userId: request.user?.id };
    },
    customLogLevel: (req, res, error) => {
      if (error || res.statusCode >= 500) return 'error';
      if (res.statusCode >= 400) return 'warn';
      return /^\/(health|metrics)(\?|$)/.test(req.url ?? '') ? 'debug' : 'info';
    },
    // pino-http makes up an error for every 5xx; the real one, if any, is logged where it
    // happened (with this reqId), so the made-up stack is left out.
    customErrorObject: (_req, _res, error, value: Record<string, unknown>) =>
      error.message.startsWith('failed with status code') ? { ...value, err: undefined } : value,
    customSuccessMessage: (req, res) => `${req.method} ${req.url} ${res.statusCode}`,
    customErrorMessage: (req, res) => `${req.method} ${req.url} ${res.statusCode}`,
  });
}
