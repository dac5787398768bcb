import { parse } from 'cookie';
import type { CookieOptions, Request, Response } from 'express';
import { DomainError } from '@app/common/errors/domain-error';

/** The refresh cookie's name. Not `__Host-`/`__Secure-`: those need `Secure`, and plain http
 * (the embedded default on localhost) must work too. */
export const REFRESH_COOKIE = 'puentes_refresh';
/** Only the auth routes (refresh, logout) ever receive it. */
export const REFRESH_COOKIE_PATH = '/api/v1/auth';

function options(request: Request): CookieOptions {
  return {
    httpOnly: true,
    sameSite: 'strict',
    path: REFRESH_COOKIE_PATH,
    // req.secure follows TRUST_PROXY: behind a TLS-terminating proxy it reads X-Forwarded-Proto.
    secure: request.secure,
  };
}

/** Sets the refresh cookie; `maxAgeSeconds` is the session's idle limit. */
export function setRefreshCookie(
  request: Request,
  response: Response,
  token: string,
  maxAgeSeconds: number,
): void {
  response.cookie(REFRESH_COOKIE, token, { ...options(request), maxAge: maxAgeSeconds * 1000 });
}

export function clearRefreshCookie(request: Request, response: Response): void {
  response.clearCookie(REFRESH_COOKIE, options(request));
}

/** The refresh cookie of the request, if it sent one. */
export function readRefreshCookie(request: Request): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  return parse(header)[REFRESH_COOKIE] || undefined;
}

/**
 * Refuses a cookie-authenticated request that a browser says comes from another site. The
 * cookie is SameSite=Strict already; this is the second lock for browsers or proxies that get
 * SameSite wrong. No `Origin` (curl, same-origin GETs of old browsers) passes: what it guards
 * against is a browser page elsewhere. Allowed: the service's own origin (as the client
 * reached it, so behind a proxy set TRUST_PROXY) and every CORS_ORIGINS entry.
 */
export function assertAllowedOrigin(request: Request, corsOrigins: string[]): void {
  const origin = request.headers.origin;
  if (origin === undefined) return;
  if (origin === `${request.protocol}://${request.host}` || corsOrigins.includes(origin)) return;
  throw new DomainError(
    'forbidden',
    'AUTH.ORIGIN_REFUSED',
    `Requests from ${origin} may not use the session cookie.`,
  );
}
