// Field values: how input (JSON bodies, Bulk CSV cells, fixture records) becomes the stored,
// canonical form, and the per-type validation Salesforce applies on the way in. Stored values
// are already what a query returns (datetimes as `…000+0000` strings, IDs in 18 characters),
// so reads never convert.

import { formatDate, formatDateTime, parseDateTime } from "./clock";
import type { RecordError } from "./errors";
import { normalizeId } from "./ids";
import type { FieldMeta } from "./metadata/types";

export type StoredValue = string | number | boolean | null;
export type SfRecord = Record<string, StoredValue>;
export type ValueSource = "json" | "csv" | "fixture";

export type Coerced = { ok: true; value: StoredValue } | { ok: false; error: RecordError };

export interface CoerceContext {
  /** key prefix of an object the reference may point at, undefined when unknown */
  keyPrefixFor(objectName: string): string | undefined;
}

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const INT_RE = /^[+-]?\d+$/;
const NUMBER_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

function fail(statusCode: string, message: string, f: FieldMeta): Coerced {
  return { ok: false, error: { statusCode, message, fields: [f.name] } };
}

function wrongType(f: FieldMeta, raw: unknown): Coerced {
  const shown = typeof raw === "string" ? raw : JSON.stringify(raw);
  return fail("INVALID_TYPE_ON_FIELD_IN_RECORD", `${f.label}: value not of required type: ${shown}`, f);
}

function toNumber(raw: unknown, integer: boolean): number | undefined {
  if (typeof raw === "number") return Number.isFinite(raw) ? raw : undefined;
  if (typeof raw === "string") {
    const text = raw.trim();
    if (!(integer ? INT_RE : NUMBER_RE).test(text)) return undefined;
    return Number(text);
  }
  return undefined;
}

function roundTo(value: number, scale: number): number {
  const factor = 10 ** scale;
  return Math.round(value * factor) / factor;
}

export function coerceValue(f: FieldMeta, raw: unknown, source: ValueSource, ctx: CoerceContext): Coerced {
  if (raw === null || raw === undefined) {
    return { ok: true, value: f.type === "boolean" ? false : null };
  }
  switch (f.type) {
    case "boolean": {
      if (typeof raw === "boolean") return { ok: true, value: raw };
      if (typeof raw === "string" && source !== "fixture") {
        const t = raw.trim().toLowerCase();
        if (t === "true" || (source === "csv" && t === "1")) return { ok: true, value: true };
        if (t === "false" || (source === "csv" && t === "0")) return { ok: true, value: false };
      }
      return wrongType(f, raw);
    }
    case "int":
    case "double":
    case "currency":
    case "percent": {
      const integer = f.type === "int";
      const n = toNumber(raw, integer);
      if (n === undefined || (integer && !Number.isInteger(n))) return wrongType(f, raw);
      const value = integer ? n : roundTo(n, f.scale);
      const maxDigits = integer ? f.digits || 9 : Math.max(f.precision - f.scale, 1);
      if (Math.abs(Math.trunc(value)) >= 10 ** maxDigits) {
        return fail("NUMBER_OUTSIDE_VALID_RANGE", `${f.label}: value outside of valid range on numeric field: ${String(raw)}`, f);
      }
      return { ok: true, value };
    }
    case "date": {
      if (typeof raw !== "string") return wrongType(f, raw);
      const text = raw.trim();
      const ms = parseDateTime(text);
      if (ms === undefined) return wrongType(f, raw);
      // A date-time given for a date keeps its calendar day as written, like Salesforce does.
      return { ok: true, value: DATE_RE.test(text) ? text : formatDate(ms) };
    }
    case "datetime": {
      if (typeof raw !== "string") return wrongType(f, raw);
      const ms = parseDateTime(raw);
      if (ms === undefined) return wrongType(f, raw);
      return { ok: true, value: formatDateTime(ms) };
    }
    case "id":
    case "reference": {
      if (typeof raw !== "string") return wrongType(f, raw);
      const text = raw.trim();
      if (text === "") return { ok: true, value: null };
      const id = normalizeId(text);
      const prefixes = f.referenceTo.map((t) => ctx.keyPrefixFor(t)).filter((p): p is string => p !== undefined);
      if (!id || (f.type === "reference" && prefixes.length > 0 && !prefixes.includes(id.slice(0, 3)))) {
        return fail("MALFORMED_ID", `${f.label}: id value of incorrect type: ${text}`, f);
      }
      return { ok: true, value: id };
    }
    case "address":
      return wrongType(f, raw);
    default: {
      // text types
      let text: string;
      if (typeof raw === "string") text = raw;
      else if (typeof raw === "number" || typeof raw === "boolean") text = String(raw);
      else return wrongType(f, raw);
      if (source === "csv" && text === "") return { ok: true, value: null };
      if (f.length > 0 && text.length > f.length) {
        const shown = text.length > 40 ? `${text.slice(0, 40)}(truncated)` : text;
        return fail("STRING_TOO_LONG", `${f.label}: data value too large: ${shown} (max length=${f.length})`, f);
      }
      if (f.type === "email" && text !== "" && !EMAIL_RE.test(text)) {
        return fail("INVALID_EMAIL_ADDRESS", `${f.label}: invalid email address: ${text}`, f);
      }
      if (f.type === "picklist" && f.restrictedPicklist && !f.picklistValues.includes(text)) {
        return fail("INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST", `${f.label}: bad value for restricted picklist field: ${text}`, f);
      }
      if (f.type === "multipicklist" && f.restrictedPicklist) {
        const bad = text.split(";").find((v) => !f.picklistValues.includes(v));
        if (bad !== undefined) {
          return fail("INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST", `${f.label}: bad value for restricted picklist field: ${bad}`, f);
        }
      }
      return { ok: true, value: text === "" && source !== "fixture" ? null : text };
    }
  }
}

/** Unique/external-ID index key: text keys fold case unless the field is case-sensitive. */
export function indexKey(f: FieldMeta, value: StoredValue): string | undefined {
  if (value === null || value === "") return undefined;
  if (f.type === "id" || f.type === "reference") return String(value).slice(0, 15);
  const text = String(value);
  return f.caseSensitive ? text : text.toLowerCase();
}
