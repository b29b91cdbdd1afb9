// When a mapped value is written, per field:
//   always     write on every sync, nulls included (an empty source clears the target);
//   whenEmpty  write only into an empty target: a value a person typed (or an earlier sync wrote)
//              is never overwritten, so this fills a field once and then leaves it alone;
//   neverNull  write whenever the source has a value; an empty source leaves the target as it is.

export const WRITE_MODES = ["always", "whenEmpty", "neverNull"] as const;
export type WriteMode = (typeof WRITE_MODES)[number];

/** What the target holds now: `known: false` when it was not read, so whenEmpty cannot tell. */
export type CurrentValue = { known: true; value: unknown } | { known: false };

export type SkipReason = "TARGET_NOT_EMPTY" | "TARGET_NOT_READ" | "SOURCE_EMPTY";

export type WriteDecision = { write: true } | { write: false; reason: SkipReason; message: string };

/** null, undefined, a blank string or an empty list: nothing a person could have typed. 0 and false are values. */
export function isEmptyValue(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value === "string") return value.trim() === "";
  if (Array.isArray(value)) return value.length === 0;
  return false;
}

/**
 * Applies a write mode to one field, before the value is converted: a field that will not be
 * written is not converted either, so a refused value in a field that is left alone is no error.
 */
export function decideWrite(mode: WriteMode, sourceValue: unknown, current: CurrentValue): WriteDecision {
  switch (mode) {
    case "always":
      return { write: true };
    case "neverNull":
      return isEmptyValue(sourceValue)
        ? { write: false, reason: "SOURCE_EMPTY", message: "the source is empty and the write mode is neverNull, so the current value stays." }
        : { write: true };
    case "whenEmpty":
      if (isEmptyValue(sourceValue)) {
        return { write: false, reason: "SOURCE_EMPTY", message: "the source is empty, so there is nothing to fill the field with." };
      }
      if (!current.known) {
        return { write: false, reason: "TARGET_NOT_READ", message: "its current value was not read, and whenEmpty writes only into a field known to be empty." };
      }
      return isEmptyValue(current.value)
        ? { write: true }
        : { write: false, reason: "TARGET_NOT_EMPTY", message: "it already holds a value and the write mode is whenEmpty, which never overwrites one." };
  }
}
