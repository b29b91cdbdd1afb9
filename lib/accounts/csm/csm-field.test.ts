import { describe, expect, it } from "vitest";
import { csmFieldProblem } from "@/lib/accounts/csm/csm-field";

describe("which Salesforce field can carry the CSM", () => {
  it("takes an updateable lookup to User, whatever its prefix", () => {
    expect(csmFieldProblem("Account", "CSM__c", { type: "reference", referenceTo: ["User"], updateable: true })).toBeNull();
    expect(csmFieldProblem("Account", "Success_Manager__c", { type: "reference", referenceTo: ["Group", "User"], updateable: true })).toBeNull();
  });

  it("refuses a missing field, a field that is not a lookup to User, and one the integration user cannot edit, saying what to do", () => {
    expect(csmFieldProblem("Account", "Nope__c", undefined)).toMatch(/has no field Nope__c.*Refresh fields/);
    expect(csmFieldProblem("Account", "PX_Health_Score__c", { type: "double", referenceTo: [], updateable: true })).toMatch(/not a lookup to User \(it is double\)/);
    expect(csmFieldProblem("Account", "ParentId", { type: "reference", referenceTo: ["Account"], updateable: true })).toMatch(/reference to Account/);
    expect(csmFieldProblem("Account", "CSM__c", { type: "reference", referenceTo: ["User"], updateable: false })).toMatch(/may not edit Account\.CSM__c/);
  });
});
