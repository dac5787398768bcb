import { inspectJson, MAX_JSON_DEPTH } from './json-guard';

const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

describe('inspectJson', () => {
  it('accepts ordinary bodies, brackets inside strings included', () => {
    expect(inspectJson('{"a":[1,{"b":"[[[[{{{{"}],"c":"x\\"y"}')).toBeUndefined();
    expect(inspectJson(nested(MAX_JSON_DEPTH))).toBeUndefined();
    expect(inspectJson('{"note":"__proto__","constructorName":1}')).toBeUndefined();
  });

  it('refuses a body nested deeper than the limit, naming the limit', () => {
    expect(inspectJson(nested(MAX_JSON_DEPTH + 1))).toEqual(
      expect.objectContaining({ code: 'JSON_TOO_DEEP' }),
    );
    expect(inspectJson('{"a":' + nested(5000) + '}')?.detail).toContain(`${MAX_JSON_DEPTH}`);
  });

  it('refuses prototype keys, however they are written', () => {
    for (const body of [
      '{"__proto__":{"admin":true}}',
      '{"a":{"constructor":{"prototype":1}}}',
      '{"\\u005f_proto__" : 1}',
      '[{"prototype":1}]',
    ]) {
      expect(inspectJson(body)).toEqual(expect.objectContaining({ code: 'JSON_PROTOTYPE_KEY' }));
    }
  });
});
