import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROBLEM_CODES, type ProblemCode } from '../../../src/common/errors/problem-codes';
import { CODE_MESSAGES } from './problem-messages';

/**
 * Every problem `code` the service can answer (PROBLEM_CODES, where the service declares them:
 * it can send no other) has words in the web app (`CODE_MESSAGES`, texts in both catalogues),
 * unless it is on {@link NOT_FOR_THE_WEB}: otherwise a person reads the generic text of the
 * status ("You are not allowed to do this.") instead of what went wrong.
 */

/**
 * Codes the service sends that a person using the web app cannot meet on one of its pages: the
 * generic text by status stays their fallback should one ever reach it.
 */
const NOT_FOR_THE_WEB: Partial<Record<ProblemCode, string>> = {
  // GET /metrics, scraped by Prometheus with METRICS_TOKEN.
  'METRICS.TOKEN_REQUIRED': 'operators only',
  // Answered by the queue dashboard's own pages (opened in their own tab), not to the app.
  'AUTH.QUEUE_DASHBOARD_COOKIE': 'operators only',
  // The app always sends JSON objects, shallow, without prototype keys, as UTF-8 JSON.
  MALFORMED_JSON: 'the app never sends it',
  BODY_NOT_AN_OBJECT: 'the app never sends it',
  JSON_TOO_DEEP: 'the app never sends it',
  JSON_PROTOTYPE_KEY: 'the app never sends it',
  UNSUPPORTED_MEDIA_TYPE: 'the app never sends it',
  // The app makes each Idempotency-Key itself (lib/ids), always well formed.
  'IDEMPOTENCY.KEY_INVALID': 'the app never sends it',
  // The upload form is built by the app: multipart, its own fields, one file in `file`.
  'DOCUMENT.NOT_MULTIPART': 'the app never sends it',
  'DOCUMENT.MALFORMED_FORM': 'the app never sends it',
  'DOCUMENT.UNKNOWN_FIELD': 'the app never sends it',
  // A byte range of a download: only a browser's own download manager asks for one.
  'DOCUMENT.BAD_RANGE': 'the app never sends it',
  // An HTTP exception whose status has no code of its own: none is raised.
  HTTP_ERROR: 'never raised',
};

/** The app's own code for a request that got no answer at all. */
const CLIENT_CODES = ['NETWORK'];

const catalogue = (locale: string): Record<string, string> =>
  JSON.parse(readFileSync(join(__dirname, '..', 'i18n', `${locale}.json`), 'utf8'));

describe('problem codes in words', () => {
  const declared = new Set<string>(PROBLEM_CODES);
  const words = new Set(Object.keys(CODE_MESSAGES));
  const exclusions = Object.keys(NOT_FOR_THE_WEB);

  it('has words in the web app for every code a person can meet', () => {
    expect(PROBLEM_CODES.filter((code) => !words.has(code) && !(code in NOT_FOR_THE_WEB))).toEqual(
      [],
    );
  });

  it('gives a code either words or a reason to have none, not both', () => {
    expect(exclusions.filter((code) => words.has(code))).toEqual([]);
  });

  it('keeps no words or reason for a code the service does not declare', () => {
    expect(
      [...words].filter((code) => !declared.has(code) && !CLIENT_CODES.includes(code)),
    ).toEqual([]);
    expect(exclusions.filter((code) => !declared.has(code))).toEqual([]);
  });

  it('says each code in both languages, under problem.<CODE>', () => {
    const en = catalogue('en');
    const es = catalogue('es');
    for (const [code, id] of Object.entries(CODE_MESSAGES)) {
      if (!CLIENT_CODES.includes(code)) expect(id).toBe(`problem.${code}`);
      expect({ id, en: typeof en[id], es: typeof es[id] }).toEqual({
        id,
        en: 'string',
        es: 'string',
      });
    }
  });
});
