import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { baseUrlFor } from "@/lib/integrations/connect-options";

// Hardening: "region": "constructor" (or "__proto__") found Object's built-ins in the region table,
// so the connect went on with a function or an object as its base URL and failed with a 503.

describe("baseUrlFor", () => {
  it("finds the listed regions and data centres", () => {
    expect(baseUrlFor("pendo", "eu")).toBe("https://app.eu.pendo.io");
    expect(baseUrlFor("px", "us")).toMatch(/^https:\/\//);
  });

  it.each(["constructor", "__proto__", "toString", "hasOwnProperty", "valueOf", "mars", ""])("refuses %j as a choice, asking to pick a listed one", (region) => {
    for (const system of ["pendo", "px"] as const) {
      let error: unknown;
      try {
        baseUrlFor(system, region);
      } catch (e) {
        error = e;
      }
      expect(error, `${system} ${region}`).toBeInstanceOf(AppError);
      expect((error as AppError).status).toBe(422);
      expect((error as AppError).message).toMatch(/Pick one of the listed/);
    }
  });
});
