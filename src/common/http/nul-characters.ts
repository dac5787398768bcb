import type { FieldError } from '@app/common/errors/domain-error';

/** Most fields reported for one request: a body full of NULs needs no list of thousands. */
const MAX_REPORTED = 20;

/**
 * Every place in a request value (a parsed JSON body, a query object, a path parameter) where
 * a string or an object key holds U+0000. PostgreSQL stores that character in neither `text`
 * nor `jsonb` (SQLSTATE 22021 / 22P05), so such a value can never be kept as given: it is
 * refused naming the field rather than silently altered. Paths read like validation errors
 * (`attributes.note`, `steps[2].name.en`). The walk is bounded by the JSON guard's depth limit.
 *
 * @example
 * nulCharacterErrors({ attributes: { note: 'a\u0000b' } });
 * // [{ field: 'attributes.note', message: 'attributes.note contains the NUL character (U+0000), which cannot be stored' }]
 */
export function nulCharacterErrors(value: unknown, path = ''): FieldError[] {
  const found: FieldError[] = [];
  const visit = (node: unknown, at: string): void => {
    if (found.length >= MAX_REPORTED) return;
    if (typeof node === 'string') {
      if (node.includes('\u0000')) {
        const field = at === '' ? 'body' : at;
        found.push({
          field: at,
          message: `${field} contains the NUL character (U+0000), which cannot be stored`,
        });
      }
      return;
    }
    if (ArrayBuffer.isView(node)) return; // an uploaded file's bytes are not text
    if (Array.isArray(node)) {
      node.forEach((item, index) => visit(item, `${at}[${index}]`));
      return;
    }
    if (node !== null && typeof node === 'object') {
      for (const [key, child] of Object.entries(node)) {
        const name = key.replaceAll('\u0000', '\\u0000');
        const childPath = at === '' ? name : `${at}.${name}`;
        if (key.includes('\u0000')) {
          found.push({
            field: childPath,
            message: `the field name ${childPath} contains the NUL character (U+0000)`,
          });
        }
        visit(child, childPath);
      }
    }
  };
  visit(value, path);
  return found;
}
