import { describe, expect, it } from "vitest";
import { effectiveCsm, pulledCsmId } from "@/lib/accounts/csm/effective-csm";

const ADA = "005000000000001AAA";
const BOB = "005000000000002AAA";

describe("the effective CSM of an account", () => {
  it("is Salesforce's CSM field, as pulled, until Clearinghouse takes over", () => {
    expect(effectiveCsm(null, { CSM__c: ADA }, "CSM__c")).toEqual({ userId: ADA, source: "salesforce" });
    expect(effectiveCsm(null, { CSM__c: null }, "CSM__c")).toEqual({ userId: null, source: "salesforce" });
    expect(effectiveCsm(null, {}, "CSM__c")).toEqual({ userId: null, source: "salesforce" });
  });

  it("reads the field an admin mapped, not CSM__c", () => {
    expect(effectiveCsm(null, { CSM__c: ADA, Success_Manager__c: BOB }, "Success_Manager__c")).toEqual({ userId: BOB, source: "salesforce" });
  });

  it("is Clearinghouse's assignment once there is one, whatever the pull brought back", () => {
    expect(effectiveCsm({ sfUserId: BOB }, { CSM__c: ADA }, "CSM__c")).toEqual({ userId: BOB, source: "clearinghouse" });
  });

  it("keeps an assignment to nobody: removed in Clearinghouse means no CSM, not Salesforce's", () => {
    expect(effectiveCsm({ sfUserId: null }, { CSM__c: ADA }, "CSM__c")).toEqual({ userId: null, source: "clearinghouse" });
  });

  it("reads blanks and values of the wrong type as no CSM", () => {
    expect(pulledCsmId({ CSM__c: "" }, "CSM__c")).toBeNull();
    expect(pulledCsmId({ CSM__c: "   " }, "CSM__c")).toBeNull();
    expect(pulledCsmId({ CSM__c: 42 }, "CSM__c")).toBeNull();
    expect(pulledCsmId(null, "CSM__c")).toBeNull();
    expect(pulledCsmId([ADA], "CSM__c")).toBeNull();
    expect(pulledCsmId({ CSM__c: ` ${ADA} ` }, "CSM__c")).toBe(ADA);
  });
});
