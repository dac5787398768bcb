import type { FieldError } from '@app/common/errors/domain-error';

/** Deepest nesting of objects and arrays a request body may have. */
export const MAX_JSON_DEPTH = 32;

/** Largest JSON request body, in body-parser's notation (`express.json({ limit })`). */
export const MAX_JSON_BODY = '100kb';

/**
 * Keys that reach an object's prototype machinery rather than its data. JSON.parse stores
 * them as plain own properties, but class-transformer and spreads treat them specially, so
 * they are refused like any unknown field.
 */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Why a body was refused before anything walked it. */
export interface JsonGuardProblem {
  code: 'JSON_TOO_DEEP' | 'JSON_PROTOTYPE_KEY';
  detail: string;
  errors: FieldError[];
}

/**
 * Checks a JSON text before it is parsed into objects that the validation layer walks
 * recursively: a body nested thousands deep overflows the stack of class-transformer (a 500),
 * and prototype keys slip past the whitelist. One pass over the text, O(length); it does not
 * validate the JSON itself (JSON.parse does that next).
 *
 * Returns undefined when the text is acceptable, else the problem (answered 400).
 */
export function inspectJson(text: string, maxDepth = MAX_JSON_DEPTH): JsonGuardProblem | undefined {
  let depth = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      const start = i;
      i++;
      let escaped = false;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 0x5c /* \ */) {
          escaped = true;
          i += 2;
          continue;
        }
        if (d === 0x22) break;
        i++;
      }
      const end = i; // the closing quote (or n for an unterminated string)
      i++;
      // A key is a string followed by a colon.
      let j = i;
      while (j < n && /\s/.test(text[j])) j++;
      if (text[j] === ':') {
        const key = decodeKey(text.slice(start, end + 1), escaped);
        if (key !== undefined && PROTOTYPE_KEYS.has(key)) {
          return {
            code: 'JSON_PROTOTYPE_KEY',
            detail: `The request body may not contain the key "${key}".`,
            errors: [{ field: key, message: 'unknown field' }],
          };
        }
      }
      continue;
    }
    if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      depth++;
      if (depth > maxDepth) {
        return {
          code: 'JSON_TOO_DEEP',
          detail: `The request body is nested more than ${maxDepth} levels deep.`,
          errors: [{ field: '', message: `nested more than ${maxDepth} levels deep` }],
        };
      }
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      depth--;
    }
    i++;
  }
  return undefined;
}

function decodeKey(token: string, escaped: boolean): string | undefined {
  if (!escaped) return token.slice(1, -1);
  try {
    return JSON.parse(token) as string;
  } catch {
    return undefined; // malformed: JSON.parse of the whole body will refuse it
  }
}

/** The error body-parser's `verify` throws; `type` and `status` survive into the filter. */
export class JsonGuardError extends Error {
  readonly type = 'entity.verify.failed';
  readonly status = 400;
  constructor(readonly problem: JsonGuardProblem) {
    super(problem.detail);
  }
}

/** `verify` for `express.json`: refuses a body before it is parsed (see `inspectJson`). */
export function verifyJsonBody(_req: unknown, _res: unknown, body: Buffer): void {
  const problem = inspectJson(body.toString('utf8'));
  if (problem) throw new JsonGuardError(problem);
}

/** The error `requireJsonBody` passes on; `type` and `status` survive into the filter. */
export class NotJsonBodyError extends Error {
  readonly type = 'entity.not.json';
  readonly status = 415;
}

/**
 * Express middleware: a request that carries a body (POST, PUT, PATCH, DELETE with bytes)
 * must say it is `application/json`, the only body this API reads. Without it the JSON
 * parser would skip the body, and a form or plain text would be validated as an empty
 * object: a misleading list of missing fields instead of `415`.
 */
export function requireJsonBody(
  req: {
    method: string;
    headers: Record<string, string | string[] | undefined>;
    is(type: string): string | false | null;
  },
  _res: unknown,
  next: (error?: unknown) => void,
): void {
  const length = req.headers['content-length'];
  const hasBody =
    req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
  if (!hasBody || req.method === 'GET' || req.method === 'HEAD' || req.is('application/json')) {
    next();
    return;
  }
  const given = req.headers['content-type'];
  next(
    new NotJsonBodyError(
      given
        ? `The request body is ${String(given)}; this API reads application/json only.`
        : 'The request body has no Content-Type; this API reads application/json only.',
    ),
  );
}
