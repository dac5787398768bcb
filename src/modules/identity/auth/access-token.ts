import type { Request } from 'express';

/** Pinned: a token signed with any other algorithm (or `none`) is refused. */
export const JWT_ALGORITHM = 'HS256';

/**
 * What an access token says: the user (`sub`) and the session it was issued for (`sid`), which
 * the auth guard checks is still live on every request.
 */
export interface AccessTokenClaims {
  sub: string;
  sid: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a verified payload with a user id and a session id (tokens without `sid` predate
 * sessions and are refused). */
export function isAccessTokenClaims(payload: unknown): payload is AccessTokenClaims {
  const claims = payload as Partial<AccessTokenClaims> | null;
  return (
    typeof claims?.sub === 'string' &&
    UUID.test(claims.sub) &&
    typeof claims.sid === 'string' &&
    UUID.test(claims.sid)
  );
}

/** The token of an `Authorization: Bearer …` header, if the request has one. */
export function readBearerToken(request: Request): string | undefined {
  const [scheme, token] = (request.headers.authorization ?? '').split(' ');
  return scheme?.toLowerCase() === 'bearer' && token ? token : undefined;
}
