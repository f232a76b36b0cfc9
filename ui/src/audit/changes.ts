// An audit record's change as a person reads it: field by field, before → after.

export interface FieldChange {
  field: string;
  before: string | null;
  after: string | null;
}

function text(value: unknown): string | null {
  if (value === null || value === undefined) {
    return null;
  }
  return typeof value === "string" ? value : JSON.stringify(value);
}

function fields(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : value === null || value === undefined
      ? {}
      : { value };
}

/** Each field that the record sets or changes, in the order it names them; unchanged fields are left out. */
export function changedFields(before: unknown, after: unknown): FieldChange[] {
  const was = fields(before);
  const is = fields(after);
  const names = [...new Set([...Object.keys(is), ...Object.keys(was)])];
  return names
    .map((field) => ({ field, before: text(was[field]), after: text(is[field]) }))
    .filter((c) => c.before !== c.after);
}
