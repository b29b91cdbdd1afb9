import { describe, expect, it } from "vitest";
import { overrideAccess, type AccountCsm } from "@/lib/accounts/account-page-csm";

const csm: AccountCsm = { userId: "005000000000001AAA", name: "Ana Souza", email: "Ana.Souza@Example.com", known: true };

describe("who may override an account's health", () => {
  it("lets admins and operations override any account, with or without a CSM", () => {
    for (const role of ["ADMIN", "OPS"] as const) {
      expect(overrideAccess({ role, email: "ops@example.com" }, csm)).toEqual({ allowed: true });
      expect(overrideAccess({ role, email: "ops@example.com" }, null)).toEqual({ allowed: true });
    }
  });

  it("lets a CSM override only the accounts whose Salesforce CSM has their email (case and spaces aside)", () => {
    expect(overrideAccess({ role: "CSM", email: " ana.souza@example.com " }, csm)).toEqual({ allowed: true });
    const other = overrideAccess({ role: "CSM", email: "bo@example.com" }, csm);
    expect(other.allowed).toBe(false);
    expect(!other.allowed && other.reason).toMatch(/Ana Souza/);
    expect(overrideAccess({ role: "CSM", email: "bo@example.com" }, null)).toMatchObject({ allowed: false, reason: expect.stringMatching(/no CSM/) });
    expect(overrideAccess({ role: "CSM", email: "bo@example.com" }, { ...csm, email: null, known: false })).toMatchObject({ allowed: false, reason: expect.stringMatching(/no email/) });
  });

  it("never lets a viewer", () => {
    expect(overrideAccess({ role: "VIEWER", email: "ana.souza@example.com" }, csm).allowed).toBe(false);
  });
});
