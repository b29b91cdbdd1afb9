import { converted, refused, showValue, type Conversion } from "@/lib/mapping/conversion";
import { fieldTitle, type FieldRef } from "@/lib/mapping/types";

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const NON_FINITE = /^[+-]?(nan|inf|infinity)$/i;

// Salesforce `int` fields are xsd:int (32 bits). Number, currency and percent fields hold at most
// 18 digits in all (precision ≤ 18), so nothing at or above 10^18 fits any of them.
const SALESFORCE_INT_MAX = 2_147_483_647;
const SALESFORCE_NUMBER_LIMIT = 1e18;
/** Enough digits to drop binary noise (0.29 × 100 = 28.999999999999996) and keep every real one. */
const CLEAN_DIGITS = 15;

function significantDigits(text: string): number {
  const mantissa = text.replace(/^[+-]/, "").split(/[eE]/)[0]!.replace(".", "");
  return mantissa.replace(/^0+/, "").replace(/0+$/, "").length;
}

/** A number from a number, a bigint or a string of digits ("42", " -3.5 ", "1e3"); never from NaN or Infinity. */
function readNumber(value: unknown, target: FieldRef): Conversion<number> {
  const title = fieldTitle(target);
  const notFinite = () =>
    refused("NUMBER_NOT_FINITE", `${title} takes a number, but the value is ${showValue(value)}, which is not a finite number. Fix the source or calculation that produced it; NaN and Infinity are never written.`);
  const lost = () =>
    refused("NUMBER_PRECISION_LOST", `${title} takes a number, but ${showValue(value)} has more digits than a number keeps exactly, so its last digits would change. Keep such values in a text field instead.`);
  if (typeof value === "number") return Number.isFinite(value) ? converted(value) : notFinite();
  if (typeof value === "bigint") return Number.isSafeInteger(Number(value)) ? converted(Number(value)) : lost();
  if (typeof value === "string") {
    const text = value.trim();
    if (NON_FINITE.test(text)) return notFinite();
    if (DECIMAL.test(text)) {
      const n = Number(text);
      if (!Number.isFinite(n)) return refused("NUMBER_OUT_OF_RANGE", `${title} takes a number, but ${showValue(value)} is too large for any number field. Check the source value.`);
      if (significantDigits(text) > CLEAN_DIGITS && Math.abs(n) > Number.MAX_SAFE_INTEGER) return lost();
      return converted(n);
    }
  }
  return refused(
    "NOT_A_NUMBER",
    `${title} takes a number, but the value is ${showValue(value)}. Give the source a number (digits, an optional sign and decimal point, no thousands separators), or map a text field instead.`,
  );
}

function clean(n: number): number {
  return Number(n.toPrecision(CLEAN_DIGITS));
}

/** Rounds half away from zero to `scale` decimals, as Salesforce stores a number field. */
function roundToScale(n: number, scale: number): number {
  const factor = 10 ** scale;
  const rounded = (Math.sign(n) * Math.round(clean(Math.abs(n) * factor))) / factor;
  return clean(rounded);
}

/** Where a value comes from: a field (its system and type), or a value Clearinghouse calculates (a KPI). */
export type ValueOrigin = Pick<FieldRef, "system" | "type"> | { calculated: string };

/**
 * A number for `target`. Percent scale: Salesforce percent fields hold percentage points (0–100:
 * 42 shows as "42%"), while the Pendo/PX side holds the ratio (0–1: 0.42). So a field's value
 * pushed into a Salesforce percent field is multiplied by 100, and a Salesforce percent field
 * pulled into Pendo/PX is divided by 100; a field mapped both ways keeps its meaning. Calculated
 * values are written as they are: the KPI catalogue holds percents in points already.
 */
export function convertNumber(value: unknown, target: FieldRef, source?: ValueOrigin): Conversion<number> {
  const read = readNumber(value, target);
  if (!read.ok) return read;
  let n = read.value;
  const title = fieldTitle(target);
  const field = source && "system" in source ? source : undefined;
  const calculated = source !== undefined && field === undefined;
  if (!calculated && target.system === "salesforce" && target.type === "percent" && field?.system !== "salesforce") n = clean(n * 100);
  else if (target.system !== "salesforce" && field?.system === "salesforce" && field.type === "percent") n = clean(n / 100);

  const whole = (fix: string) =>
    refused("NOT_A_WHOLE_NUMBER", `${title} takes whole numbers, but the value is ${showValue(n)}. Round it at the source, or ${fix}.`);
  if (target.system === "salesforce") {
    if (target.type === "int") {
      if (!Number.isInteger(n)) return whole("map a Salesforce number field with decimal places");
      if (Math.abs(n) > SALESFORCE_INT_MAX) {
        return refused("NUMBER_OUT_OF_RANGE", `${title} holds whole numbers up to ${SALESFORCE_INT_MAX.toLocaleString("en-US")}, but the value is ${showValue(n)}. Map a Salesforce number field instead.`);
      }
    } else {
      if (typeof target.scale === "number" && target.scale >= 0) n = roundToScale(n, target.scale);
      if (Math.abs(n) >= SALESFORCE_NUMBER_LIMIT) {
        return refused("NUMBER_OUT_OF_RANGE", `${title} holds at most 18 digits, but the value is ${showValue(n)}. Check the source value, or keep it in a text field.`);
      }
    }
  } else if (target.system === "pendo" && target.type === "integer" && !Number.isInteger(n)) {
    return whole("map it to a Pendo float field instead");
  }
  return converted(n === 0 ? 0 : n);
}
