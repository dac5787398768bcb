import { createHash } from 'node:crypto';

/** node-postgres's query config for a named statement; it prints as its SQL in logs and errors. */
interface NamedStatement {
  name: string;
  text: string;
  toString(): string;
}

const statements = new Map<string, NamedStatement>();

/**
 * `text` as a named prepared statement, for `EntityManager.query` / `DataSource.query`:
 * `manager.query(prepared(SQL), values)`.
 *
 * Why: on the statements every request or decision runs, PostgreSQL spent more time parsing
 * and planning than executing (its statement log, docs/benchmarks.md, `bench:decisions`,
 * sessions 12 and 14); prepared, they cost it about 0.4 ms less CPU a decision (session 14).
 * node-postgres sends a named statement's Parse once per pooled connection
 * (https://node-postgres.com/features/queries#prepared-statements), and PostgreSQL plans its
 * first five executions for their values and then keeps a generic plan when that costs no more
 * (PostgreSQL 15, "PREPARE", `plan_cache_mode = auto`), re-planning by itself when a table or
 * index it reads changes.
 *
 * `text` must be the same SQL on every call (placeholders `$n` for every value, never values
 * written into it): each distinct text stays prepared on every pooled connection for the
 * connection's life, so a text built from values would grow without bound. The name is derived
 * from the text, so two call sites with the same SQL share one statement. Name the columns a
 * statement returns (no `t.*` of a table): PostgreSQL refuses to run a prepared statement whose
 * result columns changed since it was prepared (0A000 "cached plan must not change result
 * type"), as they would when a migration adds a column while this process runs.
 *
 * @returns what TypeORM's `query(sql, parameters)` passes on to node-postgres's
 * `client.query(config, values)`: a `{ name, text }` config, typed as the SQL string TypeORM
 * declares (TypeORM 1.x only logs it and hands it to the driver).
 */
export function prepared(text: string): string {
  let statement = statements.get(text);
  if (!statement) {
    const name = `puentes_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
    statement = { name, text, toString: () => text };
    statements.set(text, statement);
  }
  return statement as unknown as string;
}
