/**
 * A form's messages without those of `fields`: what a form keeps once the reader edits a field
 * it marked (the message spoke of the value as it was). The same object when none of them had a
 * message, so a state setter given it leaves the form as it is.
 */
export function withoutErrors<T extends Partial<Record<string, string>>>(
  errors: T,
  ...fields: (keyof T)[]
): T {
  if (!fields.some((field) => errors[field] !== undefined)) return errors;
  const rest = { ...errors };
  for (const field of fields) delete rest[field];
  return rest;
}
