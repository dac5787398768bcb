/** The suite's HTTP client: every request is bounded, and an answer that never comes is `hung`. */

export interface Answer {
  /** HTTP status; 0 when no answer came within the bound, -1 when the connection failed. */
  status: number;
  body: unknown;
  contentType: string;
  ms: number;
  hung: boolean;
}

export const HUNG_AFTER_MS = 15_000;

export async function call(
  url: string,
  method: string,
  path: string,
  options: {
    body?: unknown;
    raw?: string;
    token?: string;
    timeoutMs?: number;
    idempotencyKey?: string;
  } = {},
): Promise<Answer> {
  const started = Date.now();
  const payload =
    options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  try {
    const response = await fetch(`${url}${path}`, {
      method: method.toUpperCase(),
      headers: {
        ...(payload !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...(options.idempotencyKey ? { 'idempotency-key': options.idempotencyKey } : {}),
      },
      body: payload,
      signal: AbortSignal.timeout(options.timeoutMs ?? HUNG_AFTER_MS),
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text ? (JSON.parse(text) as unknown) : null;
    } catch {
      // not JSON: kept as text
    }
    return {
      status: response.status,
      body,
      contentType: response.headers.get('content-type') ?? '',
      ms: Date.now() - started,
      hung: false,
    };
  } catch (error) {
    const hung = (error as Error).name === 'TimeoutError';
    return {
      status: hung ? 0 : -1,
      body: String(error),
      contentType: '',
      ms: Date.now() - started,
      hung,
    };
  }
}

/** Throws unless the answer has `status`: for the suite's own set-up, which must not fail. */
export async function expectStatus(answer: Promise<Answer>, status: number, what: string) {
  const result = await answer;
  if (result.status !== status)
    throw new Error(`${what}: ${result.status} ${JSON.stringify(result.body).slice(0, 500)}`);
  return result.body as Record<string, unknown>;
}
