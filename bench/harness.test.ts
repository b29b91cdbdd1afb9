import { afterEach, describe, expect, it, vi } from "vitest";
import { numericFlags } from "./harness";

const USAGE = "usage: bench x [--accounts N]";

describe("numericFlags", () => {
  afterEach(() => vi.restoreAllMocks());

  function refused(argv: string[]): string {
    const exit = vi.spyOn(process, "exit").mockImplementation((code) => {
      throw new Error(`exit ${code}`);
    });
    const error = vi.spyOn(console, "error").mockImplementation(() => undefined);
    expect(() => numericFlags(argv, USAGE, ["accounts", "months"])("accounts")).toThrow("exit 2");
    expect(exit).toHaveBeenCalledWith(2);
    return error.mock.calls.map((c) => String(c[0])).join("\n");
  }

  it("reads the flags given and leaves the others undefined", () => {
    const flag = numericFlags(["--accounts", "1000"], USAGE, ["accounts", "months"]);
    expect(flag("accounts")).toBe(1000);
    expect(flag("months")).toBeUndefined();
  });

  it("refuses an unknown argument, with the usage", () => {
    expect(refused(["--acounts", "1000"])).toBe(`unknown argument "--acounts"\n${USAGE}`);
    expect(refused(["accounts", "1000"])).toContain('unknown argument "accounts"');
  });

  it("refuses a value that is not a positive whole number", () => {
    expect(refused(["--accounts", "ten"])).toBe(`--accounts takes a positive whole number\n${USAGE}`);
    expect(refused(["--accounts", "0"])).toContain("positive whole number");
    expect(refused(["--accounts", "1.5"])).toContain("positive whole number");
    expect(refused(["--accounts"])).toContain("positive whole number");
  });
});
