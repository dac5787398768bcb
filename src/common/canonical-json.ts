// The canonical JSON of the history's hash chain lives with the chain's other pure rules in
// `@puentes/audit-proof`, so the offline verifier (`npm run audit:verify`) hashes exactly
// as the service does. Request fingerprints use the same text.
export { canonicalJson } from '@puentes/audit-proof';
