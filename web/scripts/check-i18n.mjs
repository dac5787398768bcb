// Fails when the Spanish and English catalogues do not have the same message ids, or when a
// message is empty: every text the app shows must exist in both languages.
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'i18n');
const load = async (locale) => JSON.parse(await readFile(join(dir, `${locale}.json`), 'utf8'));
const catalogues = { en: await load('en'), es: await load('es') };

const problems = [];
for (const [locale, messages] of Object.entries(catalogues)) {
  const other = locale === 'en' ? catalogues.es : catalogues.en;
  for (const [id, text] of Object.entries(messages)) {
    if (!(id in other)) problems.push(`${id}: in ${locale}.json only`);
    if (typeof text !== 'string' || text.trim() === '')
      problems.push(`${id}: empty in ${locale}.json`);
  }
}
if (problems.length > 0) {
  console.error(`The message catalogues differ:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`i18n: ${Object.keys(catalogues.en).length} messages in en.json and es.json`);
