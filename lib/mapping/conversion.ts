// The answer of every value conversion: the value to write, or a per-record refusal with a code
// and a sentence that says how to fix it. Nothing is ever cut, rounded past the field's own
// precision or guessed silently.

export type ConversionCode =
  | "UNSUPPORTED_FIELD_TYPE"
  | "NOT_A_NUMBER"
  | "NUMBER_NOT_FINITE"
  | "NUMBER_OUT_OF_RANGE"
  | "NUMBER_PRECISION_LOST"
  | "NOT_A_WHOLE_NUMBER"
  | "NOT_A_DATE"
  | "DATE_OUT_OF_RANGE"
  | "NOT_A_BOOLEAN"
  | "NOT_TEXT"
  | "STRING_TOO_LONG"
  | "INVALID_EMAIL"
  | "UNKNOWN_PICKLIST_VALUE";

export type Conversion<T = unknown> = { ok: true; value: T } | { ok: false; code: ConversionCode; message: string };

export function converted<T>(value: T): Conversion<T> {
  return { ok: true, value };
}

export function refused(code: ConversionCode, message: string): { ok: false; code: ConversionCode; message: string } {
  return { ok: false, code, message };
}

const SHOWN = 40;

/** A value as a message quotes it: JSON, at most 40 characters (the message is not the place for a 32,000-character text). */
export function showValue(value: unknown): string {
  let text: string;
  if (typeof value === "bigint") text = `${value}`;
  else if (typeof value === "number") text = String(value);
  else if (value instanceof Date) text = Number.isNaN(value.getTime()) ? "Invalid Date" : value.toISOString();
  else text = JSON.stringify(value) ?? String(value);
  return text.length > SHOWN ? `${text.slice(0, SHOWN)}…` : text;
}
