import { Brackets, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';

/** Escapes `%`, `_` and a backslash so user text is matched literally by ILIKE: `%${text}%`. */
export const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => '\\' + c)}%`;

/** The `q` filter of agencies, groups and projects: text in the code or either name. */
export function whereCodeOrNameContains<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  alias: string,
  text: string,
): void {
  const q = likePattern(text);
  qb.andWhere(
    new Brackets((w) =>
      w
        .where(`${alias}.code ILIKE :q`, { q })
        .orWhere(`${alias}.name_en ILIKE :q`)
        .orWhere(`${alias}.name_es ILIKE :q`),
    ),
  );
}

/**
 * The same `q` filter in raw SQL, for queries written by hand: `alias`'s code or either name
 * contains the text bound to `param` (bind `likePattern(text)` to it).
 */
export const codeOrNameContainsSql = (alias: string, param: string) =>
  `(${alias}.code ILIKE ${param} OR ${alias}.name_en ILIKE ${param} OR ${alias}.name_es ILIKE ${param})`;
