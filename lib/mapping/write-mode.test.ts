import { describe, expect, it } from "vitest";
import { decideWrite, isEmptyValue, WRITE_MODES } from "@/lib/mapping/write-mode";

const known = (value: unknown) => ({ known: true as const, value });
const unknown = { known: false as const };

describe("isEmptyValue", () => {
  it("counts null, undefined, blank text and empty lists as empty, never 0 or false", () => {
    for (const v of [null, undefined, "", "  ", "\n\t", []]) expect(isEmptyValue(v), JSON.stringify(v)).toBe(true);
    for (const v of [0, false, "0", " x ", [null], {}, NaN]) expect(isEmptyValue(v), String(v)).toBe(false);
  });
});

describe("decideWrite", () => {
  it("always writes, nulls included", () => {
    for (const source of [null, "", 5]) for (const current of [unknown, known(null), known("typed")]) expect(decideWrite("always", source, current)).toEqual({ write: true });
  });

  it("whenEmpty writes only into a target known to be empty", () => {
    expect(decideWrite("whenEmpty", 5, known(null))).toEqual({ write: true });
    expect(decideWrite("whenEmpty", 5, known("   "))).toEqual({ write: true });
    expect(decideWrite("whenEmpty", 5, known("typed by a person"))).toMatchObject({ write: false, reason: "TARGET_NOT_EMPTY" });
    expect(decideWrite("whenEmpty", 5, known(0))).toMatchObject({ write: false, reason: "TARGET_NOT_EMPTY" });
    expect(decideWrite("whenEmpty", true, known(false))).toMatchObject({ write: false, reason: "TARGET_NOT_EMPTY" });
    // Not read: it may hold a typed value, so no guess.
    expect(decideWrite("whenEmpty", 5, unknown)).toMatchObject({ write: false, reason: "TARGET_NOT_READ" });
    // Nothing to fill with.
    expect(decideWrite("whenEmpty", null, known(null))).toMatchObject({ write: false, reason: "SOURCE_EMPTY" });
  });

  it("neverNull writes every value but never an empty one", () => {
    expect(decideWrite("neverNull", 5, known("old"))).toEqual({ write: true });
    expect(decideWrite("neverNull", 0, unknown)).toEqual({ write: true });
    expect(decideWrite("neverNull", false, unknown)).toEqual({ write: true });
    for (const empty of [null, undefined, "", "  ", []]) expect(decideWrite("neverNull", empty, known("old"))).toMatchObject({ write: false, reason: "SOURCE_EMPTY" });
  });

  it("explains every skip in a sentence", () => {
    for (const mode of WRITE_MODES) {
      for (const source of [null, 1]) {
        for (const current of [unknown, known(null), known("x")]) {
          const d = decideWrite(mode, source, current);
          if (!d.write) expect(d.message).toMatch(/^[a-z].*\.$/);
        }
      }
    }
  });
});
