import { describe, expect, it } from "vitest";
import { ADMIN_NAV, currentNavHref, MAIN_NAV } from "@/components/layout/nav-items";

const ALL = [...MAIN_NAV, ...ADMIN_NAV];

describe("current nav entry", () => {
  it("marks only the most specific entry", () => {
    expect(currentNavHref("/settings/users", ALL)).toBe("/settings/users");
    expect(currentNavHref("/settings", ALL)).toBe("/settings");
    expect(currentNavHref("/settings/matching/abc", ALL)).toBe("/settings");
  });

  it("matches whole path segments only", () => {
    expect(currentNavHref("/sync/run-1", ALL)).toBe("/sync");
    expect(currentNavHref("/synchronise", ALL)).toBeNull();
    expect(currentNavHref("/settings/usersx", ALL)).toBe("/settings");
  });

  it("marks nothing off the nav", () => {
    expect(currentNavHref("/account/password", ALL)).toBeNull();
  });
});
