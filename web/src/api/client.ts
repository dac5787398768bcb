import { useCallback, useState } from 'react';
import createClient, { type Middleware } from 'openapi-fetch';
import { randomId } from '../lib/ids';
import { ApiError, toProblem } from './problem';
import type { components, paths } from './schema';

/** The API as generated from its OpenAPI document (`npm run api:generate`). */
export type Paths = paths;
export type Schemas = components['schemas'];
export type User = Schemas['UserView'];
export type Session = Schemas['LoginResponse'];

/**
 * The access token lives in this module's memory only — never in the browser's web storage —
 * so a script injected into the page cannot read a stored one; a reload
 * restores the session from the HttpOnly refresh cookie instead (`POST /auth/refresh`).
 */
let accessToken: string | null = null;
let onSessionLost: () => void = () => undefined;
let onSessionRenewed: (session: Session) => void = () => undefined;

/**
 * Whether this browser may hold a session's refresh cookie. The cookie is HttpOnly, so scripts
 * cannot see it, and asking `/auth/refresh` without one answers 401, which the browser logs as
 * a failed request on every visit of someone signed out. So a session leaves this mark — only
 * "1", no token, nothing to steal — and its end (sign-out, a refused refresh) removes it; on
 * start the app asks for a session only when the mark is there ({@link restoreSession}).
 * Where storage is refused, the app asks every time, as before.
 */
const SESSION_MARK = 'puentes.session';

function markSession(on: boolean): void {
  try {
    if (on) localStorage.setItem(SESSION_MARK, '1');
    else localStorage.removeItem(SESSION_MARK);
  } catch {
    // No storage: nothing to remember, and restoreSession asks the service anyway.
  }
}

function sessionMarked(): boolean {
  try {
    return localStorage.getItem(SESSION_MARK) === '1';
  } catch {
    return true;
  }
}

/** The access token of the session that starts (or null: the session ended). */
export function setAccessToken(token: string | null): void {
  accessToken = token;
  markSession(token !== null);
}

/** Called by the session provider: what to do when a refresh gives a new session or none. */
export function onSession(handlers: {
  renewed: (session: Session) => void;
  lost: () => void;
}): void {
  onSessionRenewed = handlers.renewed;
  onSessionLost = handlers.lost;
}

let refreshing: Promise<Session | null> | null = null;

/**
 * Exchanges the refresh cookie for a new access token: the new session, or null when there is
 * none (401: no cookie, or a dead one) — not being signed in is an answer, not a failure. Any
 * other outcome is a real failure and rejects with an {@link ApiError} (the service's problem,
 * or `NETWORK`), so it is shown rather than passed off as a sign-out.
 *
 * The refresh token is single-use and presenting a used one ends the whole session (theft
 * detection), so two refreshes must never race: callers in this tab share one request, and
 * tabs take turns through a Web Lock (each then sends the cookie the previous one left in the
 * shared cookie jar).
 */
export function refreshSession(): Promise<Session | null> {
  refreshing ??= (async () => {
    try {
      return await oneTabAtATime(async () => {
        let response: Response;
        try {
          response = await fetch('/api/v1/auth/refresh', {
            method: 'POST',
            credentials: 'same-origin',
            headers: { accept: 'application/json' },
          });
        } catch {
          throw new ApiError({ status: 0, code: 'NETWORK' });
        }
        if (response.status === 401) {
          setAccessToken(null);
          return null;
        }
        if (!response.ok)
          throw new ApiError(
            toProblem(response.status, await response.json().catch(() => undefined)),
          );
        const session = (await response.json()) as Session;
        setAccessToken(session.accessToken);
        return session;
      });
    } finally {
      setTimeout(() => (refreshing = null), 0);
    }
  })();
  return refreshing;
}

/**
 * The session this browser still has, on start: null at once, without asking the service, when
 * nothing says it has one (a visitor who never signed in, or signed out) — see `SESSION_MARK`.
 */
export function restoreSession(): Promise<Session | null> {
  return sessionMarked() ? refreshSession() : Promise.resolve(null);
}

function oneTabAtATime<T>(task: () => Promise<T>): Promise<T> {
  // Web Locks exist in every browser this app supports; a page served over plain http on a
  // host other than localhost is not a secure context and has none, so it refreshes unguarded.
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  return locks ? locks.request('puentes-session-refresh', task) : task();
}

const pendingBodies = new Map<string, Request>();
const NO_RETRY = /\/api\/v1\/auth\/(login|refresh|logout)$/;

const auth: Middleware = {
  onRequest({ request, id }) {
    if (accessToken) request.headers.set('Authorization', `Bearer ${accessToken}`);
    // Kept to send again once, after a refresh, should the token have just expired.
    if (!NO_RETRY.test(new URL(request.url).pathname)) pendingBodies.set(id, request.clone());
    return request;
  },
  async onResponse({ response, id }) {
    const original = pendingBodies.get(id);
    pendingBodies.delete(id);
    if (response.status !== 401 || !original) return response;
    // A failed refresh (not a 401) rejects this request with its ApiError: see `call`.
    const session = await refreshSession();
    if (!session) {
      onSessionLost();
      return response;
    }
    onSessionRenewed(session);
    original.headers.set('Authorization', `Bearer ${session.accessToken}`);
    return fetch(original);
  },
  onError({ id }) {
    pendingBodies.delete(id);
  },
};

/**
 * Runs a request the typed client cannot make (an upload through XMLHttpRequest, for its
 * progress events) with the access token; on a 401, renews the session once — as the client's
 * middleware does — and runs it again with the new token.
 */
export async function withAccessToken<R extends { status: number }>(
  send: (token: string | null) => Promise<R>,
): Promise<R> {
  const first = await send(accessToken);
  if (first.status !== 401) return first;
  const session = await refreshSession(); // rejects with an ApiError when the refresh failed
  if (!session) {
    onSessionLost();
    return first;
  }
  onSessionRenewed(session);
  return send(session.accessToken);
}

export const api = createClient<Paths>({ baseUrl: '/', credentials: 'same-origin' });
api.use(auth);

/**
 * Unwraps an openapi-fetch answer: the data on success, an {@link ApiError} carrying the
 * problem+json otherwise (so TanStack Query sees a failure and the page can map its fields).
 */
export async function call<T>(
  promise: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await promise;
  } catch (error) {
    // The middleware's own failure (a session refresh that failed) keeps its problem.
    if (error instanceof ApiError) throw error;
    throw new ApiError({ status: 0, code: 'NETWORK' });
  }
  if (!result.response.ok) throw new ApiError(toProblem(result.response.status, result.error));
  return result.data as T;
}

/** A new Idempotency-Key for one user action (a retry of the same action reuses it). */
export function idempotencyKey(): string {
  return randomId();
}

/**
 * One Idempotency-Key per user action: a retry after a lost answer (network failure, status 0)
 * reuses it, so the service does the action once; once the service has answered, accepted or
 * refused, the next submission is a new action with a new key (the old key with another body
 * is a 422, with the same body the first answer again). Give `settled` to the mutation as its
 * `onSettled`.
 */
export function useIdempotencyKey(): {
  key: string;
  settled: (data: unknown, error: unknown) => void;
} {
  const [key, setKey] = useState(idempotencyKey);
  const settled = useCallback((_data: unknown, error: unknown) => {
    if (!(error instanceof ApiError) || error.status !== 0) setKey(idempotencyKey());
  }, []);
  return { key, settled };
}
