import { describe, expect, it } from "vitest";
import { signInErrorMessage } from "@/components/auth/sign-in-errors";

describe("sign-in error sentences", () => {
  it("says what to do for each known failure", () => {
    expect(signInErrorMessage("CredentialsSignin")).toMatch(/do not match/);
    expect(signInErrorMessage("Deactivated")).toMatch(/ask an admin/i);
    expect(signInErrorMessage("Locked")).toMatch(/Wait 15 minutes/);
    expect(signInErrorMessage("NotInvited")).toMatch(/Ask an admin to add/);
  });
  it("never shows a raw code or nothing for unknown failures", () => {
    expect(signInErrorMessage("SomethingNew")).toMatch(/Sign-in failed/);
    expect(signInErrorMessage(null)).toBeNull();
  });
});
