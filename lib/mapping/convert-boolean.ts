import { converted, refused, showValue, type Conversion } from "@/lib/mapping/conversion";
import { fieldTitle, type FieldRef } from "@/lib/mapping/types";

const TRUE = new Set(["true", "1"]);
const FALSE = new Set(["false", "0"]);

/**
 * true or false from a boolean, 1 or 0, or the strings "true"/"false"/"1"/"0" in any case (the PX
 * loader sends booleans as strings; Salesforce Bulk CSV uses 1 and 0). Anything else ("yes",
 * "Y", 2) is refused rather than guessed.
 */
export function convertBoolean(value: unknown, target: FieldRef): Conversion<boolean> {
  if (typeof value === "boolean") return converted(value);
  if (value === 1 || value === 0) return converted(value === 1);
  if (typeof value === "string") {
    const text = value.trim().toLowerCase();
    if (TRUE.has(text)) return converted(true);
    if (FALSE.has(text)) return converted(false);
  }
  return refused("NOT_A_BOOLEAN", `${fieldTitle(target)} takes true or false, but the value is ${showValue(value)}. Give the source true/false (or 1/0), or map a text field instead.`);
}
