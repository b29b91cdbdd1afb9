import { describe, expect, it } from "vitest";
import type { PortableMapping } from "@/lib/config/config-schema";
import { diffFieldMappings, diffMatchRules, diffPullSettings, diffSchedules } from "@/lib/config/diff-config";
import { salesforcePullSettingsSchema } from "@/lib/integrations/pull-settings";
import { DEFAULT_RULES, type MatchRules } from "@/lib/matching/rules";
import { DEFAULT_SCHEDULES } from "@/lib/sync/schedules/defaults";

const push = (targetField: string, field: string, writeMode: PortableMapping["writeMode"] = "always"): PortableMapping => ({
  entity: "account",
  direction: "push-to-salesforce",
  source: { kind: "field", field },
  targetField,
  writeMode,
  owner: null,
});

describe("diffPullSettings", () => {
  const defaults = salesforcePullSettingsSchema.parse({});

  it("is empty for identical settings and names each setting that differs, in words", () => {
    expect(diffPullSettings(defaults, { ...defaults })).toEqual([]);
    expect(diffPullSettings(defaults, { ...defaults, firstPullMonths: 6, accountObject: "Company__c" })).toEqual([
      { kind: "changed", item: "Account source object", before: "Account", after: "Company__c" },
      { kind: "changed", item: "First pull window", before: "everything", after: "the last 6 months" },
    ]);
  });
});

describe("diffMatchRules", () => {
  it("is empty for the same rules", () => {
    expect(diffMatchRules(DEFAULT_RULES, structuredClone(DEFAULT_RULES))).toEqual([]);
  });

  it("lists a criterion added (with its place), one removed and one changed", () => {
    const after: MatchRules = {
      accounts: [{ kind: "salesforceId" }, { kind: "customField", salesforceField: "Acct__c", analyticsField: "acct" }, { kind: "domain" }, { kind: "name", exact: true }],
      contacts: DEFAULT_RULES.contacts,
    };
    expect(diffMatchRules(DEFAULT_RULES, after)).toEqual([
      { kind: "added", item: "Accounts: acct = Acct__c", after: "criterion 2 of 4" },
      { kind: "changed", item: "Accounts: Name (exact)", before: "Name", after: "Name (exact)" },
      { kind: "removed", item: "Accounts: Recent users' email domain" },
    ]);
  });

  it("reports a reordering of the same criteria, since the first criterion that finds a record wins", () => {
    const after: MatchRules = { accounts: DEFAULT_RULES.accounts, contacts: [{ kind: "email" }, { kind: "salesforceContactId" }, { kind: "phone" }] };
    expect(diffMatchRules(DEFAULT_RULES, after)).toEqual([
      { kind: "changed", item: "Users: order of the criteria", before: "Salesforce contact ID → Email → Phone", after: "Email → Salesforce contact ID → Phone" },
    ]);
  });

  it("does not call an append a reordering", () => {
    const after: MatchRules = { accounts: DEFAULT_RULES.accounts, contacts: [{ kind: "salesforceContactId" }, { kind: "email" }] };
    expect(diffMatchRules(DEFAULT_RULES, after)).toEqual([{ kind: "removed", item: "Users: Phone" }]);
  });
});

describe("diffFieldMappings", () => {
  const before = [push("PX_Account_Id__c", "id", "whenEmpty"), push("PX_Last_Seen__c", "lastSeenDate", "neverNull")];

  it("ignores order: the same mappings listed differently change nothing", () => {
    expect(diffFieldMappings(before, [...before].reverse())).toEqual([]);
  });

  it("lists added, changed (write mode of the same target) and removed mappings", () => {
    const after = [push("PX_Last_Seen__c", "lastSeenDate", "always"), push("PX_Health_Score__c", "healthScore")];
    expect(diffFieldMappings(before, after)).toEqual([
      { kind: "changed", item: "Accounts pushed to Salesforce: PX_Last_Seen__c", before: "lastSeenDate → PX_Last_Seen__c, write neverNull", after: "lastSeenDate → PX_Last_Seen__c, write always" },
      { kind: "added", item: "Accounts pushed to Salesforce: PX_Health_Score__c", after: "healthScore → PX_Health_Score__c, write always" },
      { kind: "removed", item: "Accounts pushed to Salesforce: PX_Account_Id__c", before: "id → PX_Account_Id__c, write whenEmpty" },
    ]);
  });

  it("tells a pull from a push into a field of the same name", () => {
    const pull: PortableMapping = { ...push("arr", "AnnualRevenue"), direction: "pull-from-salesforce" };
    expect(diffFieldMappings([push("arr", "x")], [push("arr", "x"), pull]).map((c) => c.item)).toEqual(["Accounts pulled from Salesforce: arr"]);
  });
});

describe("diffSchedules", () => {
  const running = { pull: { ...DEFAULT_SCHEDULES.pull, paused: false }, synchronize: { ...DEFAULT_SCHEDULES.synchronize, paused: false } };

  it("is empty for the same schedules, and for schedules the file leaves out", () => {
    expect(diffSchedules("Gainsight PX", running, structuredClone(running))).toEqual([]);
    expect(diffSchedules("Gainsight PX", running, {})).toEqual([]);
    expect(diffSchedules("Gainsight PX", running, { pull: running.pull })).toEqual([]);
  });

  it("names a schedule's new timing as cron and zone, and a pause or resume as paused → running", () => {
    expect(diffSchedules("Gainsight PX", running, { ...running, synchronize: { cron: "0 6 * * *", timezone: "Europe/Paris", paused: false } })).toEqual([
      { kind: "changed", item: "Gainsight PX Synchronize", before: "0 3,11,19 * * * UTC", after: "0 6 * * * Europe/Paris" },
    ]);
    const paused = { ...running, pull: { ...running.pull, paused: true } };
    expect(diffSchedules("Pendo", paused, running)).toEqual([{ kind: "changed", item: "Pendo Pull", before: "paused", after: "running" }]);
    expect(diffSchedules("Pendo", running, paused)).toEqual([{ kind: "changed", item: "Pendo Pull", before: "running", after: "paused" }]);
  });

  it("says both in one line when the timing changes and the schedule is paused, and a zone change alone counts", () => {
    expect(diffSchedules("Salesforce", { pull: running.pull }, { pull: { cron: "30 1 * * 1-5", timezone: "UTC", paused: true } })).toEqual([
      { kind: "changed", item: "Salesforce Pull", before: "0 0 * * * UTC, running", after: "30 1 * * 1-5 UTC, paused" },
    ]);
    expect(diffSchedules("Salesforce", { pull: running.pull }, { pull: { ...running.pull, timezone: "America/New_York" } })).toEqual([
      { kind: "changed", item: "Salesforce Pull", before: "0 0 * * * UTC", after: "0 0 * * * America/New_York" },
    ]);
  });
});
