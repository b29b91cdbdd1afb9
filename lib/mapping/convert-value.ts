import { convertBoolean } from "@/lib/mapping/convert-boolean";
import { convertDateTime } from "@/lib/mapping/convert-date";
import { convertNumber, type ValueOrigin } from "@/lib/mapping/convert-number";
import { convertText } from "@/lib/mapping/convert-text";
import { converted, refused, type Conversion } from "@/lib/mapping/conversion";
import { fieldTitle, mappingTypeOf, type FieldRef } from "@/lib/mapping/types";
import { isEmptyValue } from "@/lib/mapping/write-mode";

export type { Conversion, ConversionCode } from "@/lib/mapping/conversion";

/**
 * The value to write into `target`, converted to the form that field stores, or a per-record
 * refusal whose message says how to fix it. `source` is the field the value was read from, or the
 * calculated value it is; it decides the percent scale (see convert-number.ts).
 *
 * An empty value (null, undefined, blank text, an empty list) becomes null, which clears the
 * target, except for a Salesforce checkbox: it is never null, and Salesforce stores a null as
 * false, so false is what is written (and hashed).
 */
export function convertValue(value: unknown, target: FieldRef, source?: ValueOrigin): Conversion {
  const kind = mappingTypeOf(target);
  if (!kind) {
    return refused("UNSUPPORTED_FIELD_TYPE", `${fieldTitle(target)} is of type "${target.type}", which Clearinghouse cannot write. Map a field of a supported type instead.`);
  }
  if (isEmptyValue(value)) return converted(target.system === "salesforce" && kind === "BOOLEAN" ? false : null);
  switch (kind) {
    case "NUMBER":
      return convertNumber(value, target, source);
    case "DATE_TIME":
      return convertDateTime(value, target);
    case "BOOLEAN":
      return convertBoolean(value, target);
    case "STRING":
      return convertText(value, target);
  }
}
