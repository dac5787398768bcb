/** Search-param readers: the URL is the state of every filter, so it is parsed, never trusted. */
export type Raw = Record<string, unknown>;

export function str(raw: Raw, key: string, max = 200): string | undefined {
  const value = raw[key];
  if (typeof value === 'number') return String(value);
  return typeof value === 'string' && value.trim() !== '' ? value.slice(0, max) : undefined;
}

/** The page number, or undefined for the first (so a plain link needs no `search`). */
export function page(raw: Raw): number | undefined {
  const n = Number(raw.page);
  return Number.isInteger(n) && n > 1 && n <= 100_000 ? n : undefined;
}

export function bool(raw: Raw, key: string): true | undefined {
  return raw[key] === true || raw[key] === 'true' ? true : undefined;
}

export function oneOf<T extends string>(
  raw: Raw,
  key: string,
  values: readonly T[],
): T | undefined {
  const value = raw[key];
  return (values as readonly unknown[]).includes(value) ? (value as T) : undefined;
}

export const PAGE_SIZE = 25;

/** Every key optional, so a link to a page needs no search params (defaults fill them). */
export function optional<T extends object>(search: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(search).filter(([, v]) => v !== undefined),
  ) as Partial<T>;
}

/**
 * Only a path of this app may be a return-to: never another site (`//evil.example`,
 * `https://…`: an open redirect), nor the sign-in page itself.
 */
export function safeReturnTo(value: string | undefined): string | undefined {
  if (!value || !value.startsWith('/') || /^\/[/\\]/.test(value) || value.startsWith('/sign-in'))
    return undefined;
  return value;
}
