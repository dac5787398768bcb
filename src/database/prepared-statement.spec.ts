import { prepared } from './prepared-statement';

describe('prepared', () => {
  const sql = 'SELECT id FROM workflows WHERE id = ANY($1::uuid[])';

  it('is node-postgres’s named query config, printed as its SQL', () => {
    const statement = prepared(sql) as unknown as { name: string; text: string };
    expect(statement.text).toBe(sql);
    expect(statement.name).toMatch(/^puentes_[0-9a-f]{24}$/);
    expect(String(prepared(sql))).toBe(sql);
  });

  it('names a text the same on every call, and another text otherwise', () => {
    const name = (text: string) => (prepared(text) as unknown as { name: string }).name;
    expect(name(sql)).toBe(name(`${sql}`));
    expect(name(sql)).not.toBe(name(`${sql} FOR UPDATE`));
  });
});
