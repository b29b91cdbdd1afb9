// SOQL literal handling: string unescaping, LIKE patterns, and date ranges per field type.

import { formatDate, formatDateTime } from "../clock";
import type { FieldMeta } from "../metadata/types";
import type { DateRange } from "./date-literals";

/** `'O\'Brien'` → `O'Brien`; LIKE patterns keep `\%` and `\_` so wildcards can be escaped. */
export function unquote(raw: string, keepLikeEscapes: boolean): string {
  let text = raw;
  if (text.length >= 2 && (text.startsWith("'") || text.startsWith('"'))) text = text.slice(1, -1);
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c !== "\\" || i === text.length - 1) {
      out += c;
      continue;
    }
    const next = text[++i]!;
    switch (next) {
      case "n":
        out += "\n";
        break;
      case "r":
        out += "\r";
        break;
      case "t":
        out += "\t";
        break;
      case "b":
        out += "\b";
        break;
      case "f":
        out += "\f";
        break;
      case "%":
      case "_":
        out += keepLikeEscapes ? `\\${next}` : next;
        break;
      default:
        out += next;
    }
  }
  return out;
}

export function likeToRegex(pattern: string): RegExp {
  let re = "^";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === "\\" && (pattern[i + 1] === "%" || pattern[i + 1] === "_")) {
      re += pattern[++i];
    } else if (c === "%") re += "[\\s\\S]*";
    else if (c === "_") re += "[\\s\\S]";
    else re += c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`${re}$`, "i");
}

/** The range operand for a date literal, in the field's own format (date or dateTime). */
export type RangeOperand = { kind: "range"; lo: string; hi: string };

/** Type names used in "must be of type X" errors. */
export const TYPE_NAMES: Record<string, string> = {
  int: "integer",
  double: "double",
  currency: "double",
  percent: "double",
  boolean: "boolean",
  date: "date",
  datetime: "dateTime",
};

export function rangeFor(f: FieldMeta, range: DateRange): RangeOperand {
  if (f.type === "date") return { kind: "range", lo: formatDate(range.start), hi: formatDate(range.end) };
  return { kind: "range", lo: formatDateTime(range.start), hi: formatDateTime(range.end) };
}

