import { describe, expect, it } from "vitest";
import { buildFieldOptions, fieldPicker, findUnofferedPair, isOfferedPair, storedAnalyticsFields, storedSalesforceFields, unofferedPairMessage, type CachedSchemas } from "@/lib/matching/field-options";
import { matchableFieldPairs } from "@/lib/matching/custom-fields";
import { DEFAULT_RULES, type MatchRules } from "@/lib/matching/rules";

const sfAccount = [
  { name: "Id", type: "id", label: "Record ID", custom: false },
  { name: "AccountNumber", type: "string", label: "Account Number", custom: false },
  { name: "Account_Code__c", type: "string", label: "Account Code", custom: true },
  { name: "Employees__c", type: "int", label: "Employees", custom: true },
  { name: "Revenue__c", type: "currency", scale: 2, label: "Revenue", custom: true },
  { name: "PX_Account_Id__c", type: "string", label: "PX Account ID", custom: true },
  { name: "IsActive__c", type: "boolean", label: "Active", custom: true },
  { name: "Seats__c", type: "double", scale: 0, custom: true },
];
const pxAccount = [
  { name: "sfdcId", type: "STRING", label: "SFDC ID" },
  { name: "name", type: "STRING", label: "Name" },
  { name: "accountCode", type: "STRING", label: "Account Code" },
  { name: "numberOfEmployees", type: "NUMBER", label: "Number of Employees" },
  { name: "arr", type: "float", label: "ARR" },
  { name: "isPublicSector", type: "BOOLEAN", label: "Public Sector" },
];
const pxUser = [
  { name: "email", type: "STRING", label: "Email" },
  { name: "badgeId", type: "STRING", label: "Badge ID" },
];
const sfContact = [
  { name: "Email", type: "email", label: "Email", custom: false },
  { name: "Badge__c", type: "string", label: "Badge", custom: true },
  { name: "Pendo_Visitor_Id__c", type: "string", label: "Pendo Visitor ID", custom: true },
];

const complete: CachedSchemas = { salesforceConnected: true, system: "PX", salesforceAccount: sfAccount, salesforceContact: sfContact, analyticsAccount: pxAccount, analyticsUser: pxUser };

const withCustom = (accounts: { salesforceField: string; analyticsField: string }[], contacts: { salesforceField: string; analyticsField: string }[] = []): MatchRules => ({
  accounts: [...DEFAULT_RULES.accounts, ...accounts.map((p) => ({ kind: "customField" as const, ...p }))],
  contacts: [...DEFAULT_RULES.contacts, ...contacts.map((p) => ({ kind: "customField" as const, ...p }))],
});

describe("field picker", () => {
  it("lists only fields that have a partner of the same family, labelled and sorted", () => {
    const picker = fieldPicker(sfAccount, pxAccount);
    expect(picker.salesforce).toEqual([
      { name: "Account_Code__c", label: "Account Code (Account_Code__c)", family: "text" },
      { name: "AccountNumber", label: "Account Number (AccountNumber)", family: "text" },
      { name: "Employees__c", label: "Employees (Employees__c)", family: "integer" },
      { name: "Id", label: "Record ID (Id)", family: "text" },
      { name: "Seats__c", label: "Seats__c", family: "integer" },
    ]);
    expect(picker.analytics.map((f) => f.name)).toEqual(["accountCode", "name", "numberOfEmployees", "sfdcId"]);
  });

  it("offers exactly the pairs matchableFieldPairs allows", () => {
    const picker = fieldPicker(sfAccount, pxAccount);
    const allowed = new Set(matchableFieldPairs(sfAccount, pxAccount).map((p) => `${p.salesforceField}=${p.analyticsField}`));
    for (const s of sfAccount) for (const a of pxAccount) expect(isOfferedPair(picker, s.name, a.name), `${s.name}=${a.name}`).toBe(allowed.has(`${s.name}=${a.name}`));
  });

  it("never offers Clearinghouse's own push fields, even when types agree", () => {
    const picker = fieldPicker(sfContact, pxUser);
    expect(picker.salesforce.map((f) => f.name)).toEqual(["Badge__c", "Email"]);
    expect(isOfferedPair(picker, "Pendo_Visitor_Id__c", "email")).toBe(false);
  });

  it("ignores malformed cache entries and missing caches", () => {
    expect(fieldPicker([{ name: "A" }, null, "x", { type: "string" }, { name: "B", type: "string" }], [{ name: "b", type: "STRING" }])).toEqual({
      salesforce: [{ name: "B", label: "B", family: "text" }],
      analytics: [{ name: "b", label: "b", family: "text" }],
    });
    expect(fieldPicker(null, pxAccount)).toEqual({ salesforce: [], analytics: [] });
    expect(fieldPicker({ not: "an array" }, pxAccount)).toEqual({ salesforce: [], analytics: [] });
  });
});

describe("fields the hub keeps for custom matching", () => {
  it("offers custom Salesforce fields only, as the pull reads them", () => {
    expect(storedSalesforceFields(sfAccount).map((f) => f.name)).toEqual(["Account_Code__c", "Employees__c", "Seats__c"]);
    // A cache without the custom flag goes by the __c suffix.
    expect(storedSalesforceFields([{ name: "Code__c", type: "string" }, { name: "Site", type: "string" }]).map((f) => f.name)).toEqual(["Code__c"]);
  });

  it("stops at the pull's hundred custom fields", () => {
    const many = Array.from({ length: 120 }, (_, i) => ({ name: `F${i}__c`, type: "string", custom: true }));
    const kept = storedSalesforceFields([{ name: "PX_Score__c", type: "int", custom: true }, ...many]);
    expect(kept).toHaveLength(100);
    expect(kept.at(-1)?.name).toBe("F99__c");
  });

  it("leaves out PX attributes the pull stores as columns, keeps every Pendo attribute", () => {
    expect(storedAnalyticsFields(pxAccount, "PX", "account").map((f) => f.name)).toEqual(["accountCode", "numberOfEmployees", "arr", "isPublicSector"]);
    expect(storedAnalyticsFields(pxUser, "PX", "user").map((f) => f.name)).toEqual(["badgeId"]);
    expect(storedAnalyticsFields(pxUser, "PENDO", "user").map((f) => f.name)).toEqual(["email", "badgeId"]);
  });
});

describe("field options", () => {
  it("says nothing is missing when both schemas are cached, and offers stored fields only", () => {
    const options = buildFieldOptions(complete, "Gainsight PX");
    expect(options.missing).toEqual([]);
    expect(options.accounts.salesforce.map((f) => f.name)).toEqual(["Account_Code__c", "Employees__c", "Seats__c"]);
    expect(options.accounts.analytics.map((f) => f.name)).toEqual(["accountCode", "numberOfEmployees"]);
    expect(options.contacts).toEqual({
      salesforce: [{ name: "Badge__c", label: "Badge (Badge__c)", family: "text" }],
      analytics: [{ name: "badgeId", label: "Badge ID (badgeId)", family: "text" }],
    });
  });

  it("tells the admin what to run when a schema is not cached", () => {
    expect(buildFieldOptions({ ...complete, salesforceConnected: false, salesforceAccount: null, salesforceContact: null }, "Pendo").missing).toEqual([
      "Connect Salesforce to pick its fields.",
    ]);
    expect(buildFieldOptions({ ...complete, salesforceContact: null }, "Pendo").missing).toEqual([
      "Salesforce fields are not cached yet: use Refresh metadata on the Salesforce card on the Integrations page.",
    ]);
    const noTool = buildFieldOptions({ ...complete, analyticsUser: null }, "Pendo");
    expect(noTool.missing).toEqual(["Pendo's attributes are not known yet: use Pull now on its card on the Integrations page."]);
    expect(noTool.contacts).toEqual({ salesforce: [], analytics: [] });
  });

  it("says so when the cached schemas have no pair of the same type", () => {
    const options = buildFieldOptions({ ...complete, analyticsAccount: [{ name: "flag", type: "BOOLEAN" }], analyticsUser: [] }, "Pendo");
    expect(options.missing).toEqual(["No custom Salesforce field has a Pendo attribute of the same type (text or whole number), so there is no custom field pair to offer."]);
  });
});

describe("refusing pairs the page did not offer", () => {
  const options = buildFieldOptions(complete, "Gainsight PX");

  it("accepts rules without custom fields and offered pairs", () => {
    expect(findUnofferedPair(options, DEFAULT_RULES)).toBeNull();
    expect(
      findUnofferedPair(options, withCustom([{ salesforceField: "Account_Code__c", analyticsField: "accountCode" }, { salesforceField: "Seats__c", analyticsField: "numberOfEmployees" }], [{ salesforceField: "Badge__c", analyticsField: "badgeId" }])),
    ).toBeNull();
  });

  it("refuses mismatched types, push fields and unknown fields, naming the pair", () => {
    expect(findUnofferedPair(options, withCustom([{ salesforceField: "Account_Code__c", analyticsField: "numberOfEmployees" }]))).toEqual({
      entity: "accounts",
      salesforceField: "Account_Code__c",
      analyticsField: "numberOfEmployees",
    });
    // Standard Salesforce fields and PX column attributes are not kept for custom matching.
    expect(findUnofferedPair(options, withCustom([{ salesforceField: "AccountNumber", analyticsField: "accountCode" }]))).not.toBeNull();
    expect(findUnofferedPair(options, withCustom([{ salesforceField: "Account_Code__c", analyticsField: "sfdcId" }]))).not.toBeNull();
    expect(findUnofferedPair(options, withCustom([], [{ salesforceField: "Pendo_Visitor_Id__c", analyticsField: "badgeId" }]))?.entity).toBe("contacts");
    expect(findUnofferedPair(options, withCustom([{ salesforceField: "Revenue__c", analyticsField: "arr" }]))).not.toBeNull();
    expect(findUnofferedPair(options, withCustom([{ salesforceField: "Nope__c", analyticsField: "accountCode" }]))).not.toBeNull();
  });

  it("explains the refusal in a sentence that says what to do", () => {
    const message = unofferedPairMessage({ entity: "contacts", salesforceField: "Pendo_Visitor_Id__c", analyticsField: "email" });
    expect(message).toContain("users pair Pendo_Visitor_Id__c = email cannot be used");
    expect(message).toMatch(/Remove that criterion and pick a pair from the lists\.$/);
  });
});
