import { describe, expect, it } from "vitest";
import type { PortableMapping } from "@/lib/config/config-schema";
import { DEFAULT_ALERT_RULES } from "@/lib/alerts/settings-schema";
import { diffAlertRules, diffCsmSettings, diffFieldMappings, diffKpiSettings, diffMatchRules, diffPullSettings, diffSchedules } from "@/lib/config/diff-config";
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

describe("diffKpiSettings", () => {
  const none = { coreFeatureIds: [], contractedFeaturesField: null, licensedSeatsField: null };
  const names = new Map([
    ["f-1", "Dashboards"],
    ["f-2", "Exports"],
  ]);
  const name = (id: string) => names.get(id) ?? id;

  it("is empty for the same settings, core features in another order included", () => {
    const set = { coreFeatureIds: ["f-1", "f-2"], contractedFeaturesField: "Contracted_Features__c", licensedSeatsField: "Licensed_Seats__c" };
    expect(diffKpiSettings(set, { ...set, coreFeatureIds: ["f-2", "f-1"] }, name)).toEqual([]);
  });

  it("names each field chosen otherwise, none for an unset one, and each core feature by its name", () => {
    expect(diffKpiSettings({ ...none, coreFeatureIds: ["f-1", "gone"] }, { ...none, licensedSeatsField: "Licensed_Seats__c", coreFeatureIds: ["f-2", "f-1"] }, name)).toEqual([
      { kind: "changed", item: "Licensed seats field", before: "none", after: "Licensed_Seats__c" },
      { kind: "added", item: "Core feature: Exports" },
      { kind: "removed", item: "Core feature: gone" },
    ]);
  });
});

describe("diffCsmSettings", () => {
  it("says which account field holds the CSM before and after, on its object", () => {
    expect(diffCsmSettings({ fieldName: "CSM__c" }, { fieldName: "CSM__c" }, "Account")).toEqual([]);
    expect(diffCsmSettings({ fieldName: "CSM__c" }, { fieldName: "OwnerId" }, "Account")).toEqual([{ kind: "changed", item: "CSM field (a lookup to User)", before: "Account.CSM__c", after: "Account.OwnerId" }]);
  });
});

describe("diffAlertRules", () => {
  it("is empty for the same rules", () => {
    expect(diffAlertRules(DEFAULT_ALERT_RULES, structuredClone(DEFAULT_ALERT_RULES))).toEqual([]);
  });

  it("names a rule's new thresholds with its unit, a rule turned off, and both in one line", () => {
    const after = {
      ...DEFAULT_ALERT_RULES,
      runFailed: { enabled: true, warning: 2, critical: 5 },
      apiAllowance: { ...DEFAULT_ALERT_RULES.apiAllowance, enabled: false },
      fewRecords: { enabled: false, warning: null, critical: 10 },
      reconnectNeeded: { enabled: true, level: "WARNING" as const },
    };
    expect(diffAlertRules(DEFAULT_ALERT_RULES, after)).toEqual([
      { kind: "changed", item: "Alert rule: Run failed", before: "WARNING from 1, CRITICAL from 3 failed runs in a row", after: "WARNING from 2, CRITICAL from 5 failed runs in a row" },
      { kind: "changed", item: "Alert rule: Salesforce API allowance", before: "on", after: "off" },
      {
        kind: "changed",
        item: "Alert rule: Run read far fewer records",
        before: "WARNING below 50, CRITICAL below 10 % of the average read by its last ten, on",
        after: "no WARNING, CRITICAL below 10 % of the average read by its last ten, off",
      },
      { kind: "changed", item: "Alert rule: Reconnect needed", before: "CRITICAL", after: "WARNING" },
    ]);
  });
});
