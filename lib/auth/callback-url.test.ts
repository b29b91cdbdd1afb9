import { describe, expect, it } from "vitest";
import { safeCallbackPath } from "@/lib/auth/callback-url";

const ORIGIN = "https://console.example.com";

describe("safeCallbackPath", () => {
  it("keeps same-origin paths with their query and fragment", () => {
    expect(safeCallbackPath("/sync?tab=runs#latest", ORIGIN)).toBe("/sync?tab=runs#latest");
    expect(safeCallbackPath("/", ORIGIN)).toBe("/");
    expect(safeCallbackPath("https://console.example.com/accounts/42", ORIGIN)).toBe("/accounts/42");
  });

  it("refuses everything that can leave the origin", () => {
    for (const raw of [
      "//evil.example/x",
      "/\\evil.example/x",
      "\\\\evil.example",
      "/\\/evil.example",
      "https://evil.example/x",
      "http://console.example.com/x", // another scheme is another origin
      "https://console.example.com.evil.example/",
      "https://console.example.com@evil.example/",
      "javascript:alert(1)",
      "data:text/html,hi",
      "evil.example",
      "/%5Cevil.example",
      "/%2F%2Fevil.example",
      "/\t/evil.example",
      "/\n/evil.example",
      "/%09/evil.example",
      "/%zz",
      "",
      null,
      undefined,
    ]) {
      expect(safeCallbackPath(raw, ORIGIN), String(raw)).toBe("/");
    }
  });

  it("refuses absurdly long values", () => {
    expect(safeCallbackPath(`/${"a".repeat(5000)}`, ORIGIN)).toBe("/");
  });
});
