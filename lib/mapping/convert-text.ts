import { converted, refused, showValue, type Conversion } from "@/lib/mapping/conversion";
import { fieldTitle, type FieldRef } from "@/lib/mapping/types";

// Salesforce's own email check (the one its API applies; see emulators/salesforce/values.ts).
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const LISTED = 10;

function asText(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : undefined;
  if (typeof value === "bigint" || typeof value === "boolean") return String(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString();
  return undefined;
}

function listOf(values: readonly string[]): string {
  const shown = values.slice(0, LISTED).map((v) => `"${v}"`).join(", ");
  return values.length > LISTED ? `${shown} and ${values.length - LISTED} more` : shown;
}

/**
 * The picklist value as Salesforce spells it: an exact match, or the one value that differs only
 * in case ("active" → "Active"); undefined when the value is not in the list.
 */
function pickValue(value: string, allowed: readonly string[]): string | undefined {
  if (allowed.includes(value)) return value;
  const folded = allowed.filter((a) => a.toLowerCase() === value.toLowerCase());
  return folded.length === 1 ? folded[0] : undefined;
}

/**
 * Text for `target`. Single-line values are trimmed (Salesforce text areas keep their spacing);
 * a list becomes Salesforce's multi-select form "a;b". Picklist values are checked against the
 * describe's active values when it lists them (a combobox takes any text). A value longer than the
 * Salesforce field is refused for this record, never cut: lengths count UTF-16 code units, as
 * Salesforce counts characters.
 */
export function convertText(value: unknown, target: FieldRef): Conversion<string | null> {
  const title = fieldTitle(target);
  const parts = Array.isArray(value) ? value.map(asText) : [asText(value)];
  if (parts.some((p) => p === undefined)) {
    return refused("NOT_TEXT", `${title} takes text, but the value is ${showValue(value)}, which has no text form. Map a source field that holds text, a number, a date or true/false.`);
  }
  const keepSpacing = target.system === "salesforce" && target.type === "textarea";
  let text = (parts as string[]).map((p) => (keepSpacing ? p : p.trim())).join(";");
  if (text.trim() === "") return converted(null);

  if (target.system === "salesforce") {
    const allowed = target.picklistValues && target.picklistValues.length > 0 ? target.picklistValues : undefined;
    if (target.type === "picklist" || target.type === "multipicklist") {
      const chosen = target.type === "multipicklist" ? [...new Set(text.split(";").map((v) => v.trim()).filter((v) => v !== ""))] : [text];
      if (chosen.length === 0) return converted(null);
      if (allowed) {
        const picked = chosen.map((v) => pickValue(v, allowed));
        const unknown = chosen.filter((_, i) => picked[i] === undefined);
        if (unknown.length > 0) {
          return refused(
            "UNKNOWN_PICKLIST_VALUE",
            `${title} has no picklist value ${listOf(unknown)}; its values are ${listOf(allowed)}. Add the value to the picklist in Salesforce Setup, or correct it at the source.`,
          );
        }
        text = (picked as string[]).join(";");
      } else {
        text = chosen.join(";");
      }
    }
    if (target.type === "email" && !EMAIL.test(text)) {
      return refused("INVALID_EMAIL", `${title} takes an email address, but the value is ${showValue(text)}. Correct the address at the source.`);
    }
    if (typeof target.length === "number" && target.length > 0 && text.length > target.length) {
      return refused(
        "STRING_TOO_LONG",
        `${title} holds at most ${target.length} characters, but the value has ${text.length}. Shorten it at the source or make the field longer in Salesforce; text is never cut.`,
      );
    }
  }
  return converted(text);
}
