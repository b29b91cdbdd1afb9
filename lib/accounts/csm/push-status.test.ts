import { describe, expect, it } from "vitest";
import { csmPushStatus } from "@/lib/accounts/csm/push-status";

const setAt = new Date("2026-06-01T10:00:00Z");

describe("where the CSM stands with Salesforce", () => {
  it("is Salesforce's own value while Clearinghouse has not taken over", () => {
    expect(csmPushStatus(null)).toEqual({ state: "salesforce" });
  });

  it("is pending until the push lands, failed with its sentence, pushed once Salesforce accepted it", () => {
    expect(csmPushStatus({ setAt, pushedAt: null, pushError: null })).toEqual({ state: "pending", since: setAt });
    expect(csmPushStatus({ setAt, pushedAt: null, pushError: "Reconnect Salesforce." })).toEqual({ state: "failed", error: "Reconnect Salesforce.", since: setAt });
    const pushedAt = new Date("2026-06-01T10:00:02Z");
    expect(csmPushStatus({ setAt, pushedAt, pushError: null })).toEqual({ state: "pushed", at: pushedAt });
  });
});
