/**
 * What is wrong, as a stable code a client can put in its own words (the `message` is English
 * for developers). The values it speaks of are in the problem's `params`:
 * - `shape`: not the kind of value expected there (the message says which);
 * - `required`: missing, or empty text (a name, a key, a code, a condition's value);
 * - `unknown_field` `{ name }`: a field a chain does not have;
 * - `no_steps`, `no_assignee`: an empty list of steps, of assignees;
 * - `key_format` `{ max }`: a key that is not lowercase words of letters and digits joined by
 *   dashes (`cbp-review`), at most `max` characters;
 * - `duplicate_key` `{ key, index }`: the key of the step at `index` (from 0), used again;
 * - `unknown_agency`, `unknown_group` `{ code }`; `duplicate_assignee` `{ assignee }`;
 * - `range` `{ min, max? }`: a whole number out of range (a quorum has no `max` when the step
 *   has no assignee);
 * - `unknown_step` `{ key }`: a `dependsOn` or `returnTo` naming no step;
 * - `listed_twice` `{ value }`; `cycle` `{ steps }`: the steps of a dependency cycle in order,
 *   the first repeated at the end;
 * - `condition_one` `{ operators }`: a condition without exactly one of equals, notEquals, in;
 * - `one_of` `{ values }`: a value outside its list (a calendar, an escalation target);
 * - `duration`: not an ISO 8601 duration; `negative`: below zero; `positive`: zero where more
 *   is needed;
 * - `notify_one` `{ values }`: an escalation that notifies nobody;
 * - `return_to` `{ step }`: a `returnTo` that is not a step `step` depends on;
 * - `key_immutable` `{ key }`: (the app's) a chain's key changed from `key`.
 */
export const CHAIN_PROBLEM_CODES = [
  'shape',
  'required',
  'unknown_field',
  'no_steps',
  'no_assignee',
  'key_format',
  'duplicate_key',
  'unknown_agency',
  'unknown_group',
  'duplicate_assignee',
  'range',
  'unknown_step',
  'listed_twice',
  'cycle',
  'condition_one',
  'one_of',
  'duration',
  'negative',
  'positive',
  'notify_one',
  'return_to',
  'key_immutable',
] as const;
export type ChainProblemCode = (typeof CHAIN_PROBLEM_CODES)[number];

/** The values a problem's code speaks of: `{ key: 'nope' }`, `{ min: 1, max: 3 }`… */
export type ChainProblemParams = Record<string, string | number | string[]>;
