import { describe, expect, it } from "vitest";
import { DEFAULT_ALERT_RULES } from "@/lib/alerts/settings-schema";
import { parseConfigFile } from "@/lib/config/parse-config-file";

const head = { format: "clearinghouse-config", version: 1, exportedAt: "2026-01-31T12:00:00.000Z" };
const mapping = { entity: "account", direction: "push-to-salesforce", source: { kind: "field", field: "id" }, targetField: "PX_Account_Id__c", writeMode: "whenEmpty" };
const messages = (input: unknown) => {
  const parsed = parseConfigFile(input);
  return parsed.ok ? [] : parsed.problems.map((p) => p.message);
};

describe("parseConfigFile", () => {
  it("reads a file given as text or as parsed JSON, and strips an integration id brought from elsewhere", () => {
    const file = { ...head, tools: { PX: { matchingRules: { accounts: [{ kind: "domain" }], contacts: [] }, fieldMappings: [{ ...mapping, integrationId: "cuid-of-another-installation" }] } } };
    for (const input of [file, JSON.stringify(file)]) {
      const parsed = parseConfigFile(input);
      expect(parsed.ok).toBe(true);
      if (parsed.ok) expect(parsed.file.tools.PX?.fieldMappings).toEqual([{ ...mapping, owner: null }]);
    }
  });

  it("refuses malformed JSON, another format and another version with one sentence each", () => {
    expect(messages('{"format":')).toEqual([expect.stringMatching(/^The file is not valid JSON \(.+\)\. Fix it in an editor, or export the configuration again/)]);
    expect(messages("   ")).toEqual([expect.stringMatching(/^The file is empty\./)]);
    expect(messages({ format: "something-else", version: 1 })).toEqual([expect.stringMatching(/^At format: This is not a Clearinghouse configuration file/)]);
    expect(messages([])).toEqual([expect.stringMatching(/^This is not a Clearinghouse configuration file/)]);
    expect(messages({ ...head, version: 2 })).toEqual([expect.stringMatching(/^At version: The file is version 2 of the configuration format, and this Clearinghouse reads version 1 only\./)]);
  });

  it("names the JSON path of every schema problem in a sentence", () => {
    const file = {
      ...head,
      unknownSection: {},
      salesforce: { pullSettings: { firstPullMonths: 500 } },
      tools: { PX: { matchingRules: { accounts: [{ kind: "bogus" }], contacts: "email" }, fieldMappings: [{ ...mapping, writeMode: "sometimes" }, 3] } },
    };
    expect(messages(file)).toEqual([
      'At salesforce.pullSettings.firstPullMonths: Give at most 120 months (ten years), or choose everything.',
      "At tools.PX.matchingRules.accounts[0].kind: This is none of the kinds this version of Clearinghouse knows; check its kind.",
      "At tools.PX.matchingRules.contacts: This must be a list.",
      "At tools.PX.fieldMappings[0].writeMode: Choose when to write: always, whenEmpty or neverNull.",
      "At tools.PX.fieldMappings[1]: Each field mapping is an object with entity, direction, source, targetField and writeMode.",
      '"unknownSection" is not a setting this version of Clearinghouse knows; remove it.',
    ]);
  });

  it("reads each system's schedules with the Settings page's own checks, and names the actions a system takes", () => {
    const rules = { matchingRules: { accounts: [], contacts: [] }, fieldMappings: [] };
    const pull = { cron: " 0  6 * * 1-5", timezone: "europe/paris", paused: false };
    const parsed = parseConfigFile({ ...head, salesforce: { pullSettings: {}, schedules: { pull } }, tools: { PX: { ...rules, schedules: { synchronize: { ...pull, paused: true } } } } });
    expect(parsed.ok && parsed.file.salesforce?.schedules).toEqual({ pull: { cron: "0 6 * * 1-5", timezone: "Europe/Paris", paused: false } });
    expect(parsed.ok && parsed.file.tools.PX?.schedules).toEqual({ synchronize: { cron: "0 6 * * 1-5", timezone: "Europe/Paris", paused: true } });

    expect(
      messages({
        ...head,
        salesforce: { pullSettings: {}, schedules: { pull, synchronize: pull } },
        tools: { PENDO: { ...rules, schedules: { pull: { ...pull, cron: "61 * * * *" }, synchronize: { cron: "*/5 * * * *", timezone: "Mars/Olympus", paused: false }, push: pull } } },
      }),
    ).toEqual([
      'At salesforce.schedules: Salesforce takes a pull schedule only; remove "synchronize". Each Pendo or PX Synchronize pulls from Salesforce and pushes into it: schedule theirs under tools.PENDO.schedules or tools.PX.schedules.',
      expect.stringMatching(/^At tools\.PENDO\.schedules\.pull\.cron: "61 \* \* \* \*" is not a valid cron expression \(.+\)\. Check its five fields/),
      expect.stringMatching(/^At tools\.PENDO\.schedules\.synchronize\.timezone: "Mars\/Olympus" is not a time zone\. Use an IANA name/),
      expect.stringMatching(/^At tools\.PENDO\.schedules\.synchronize\.cron: "\*\/5 \* \* \* \*" starts runs only 5 minutes apart/),
      'At tools.PENDO.schedules: Pendo takes pull and synchronize schedules; remove "push".',
    ]);
  });

  it("reads KPI settings, the CSM field and the alert rules with their own pages' checks, each optional", () => {
    const rules = { matchingRules: { accounts: [], contacts: [] }, fieldMappings: [] };
    const kpiSettings = { coreFeatureIds: ["f-1"], contractedFeaturesField: null, licensedSeatsField: " Licensed_Seats__c " };
    const parsed = parseConfigFile({ ...head, salesforce: { pullSettings: {}, csmSettings: { fieldName: "CSM__c" } }, tools: { PX: { ...rules, kpiSettings } }, alerts: { rules: DEFAULT_ALERT_RULES } });
    expect(parsed.ok && parsed.file.tools.PX?.kpiSettings).toEqual({ ...kpiSettings, licensedSeatsField: "Licensed_Seats__c" });
    expect(parsed.ok && parsed.file.salesforce?.csmSettings).toEqual({ fieldName: "CSM__c" });
    expect(parsed.ok && parsed.file.alerts?.rules).toEqual(DEFAULT_ALERT_RULES);
    const old = parseConfigFile({ ...head, salesforce: { pullSettings: {} }, tools: { PX: rules } });
    expect(old.ok && [old.file.alerts, old.file.salesforce?.csmSettings, old.file.tools.PX?.kpiSettings]).toEqual([undefined, undefined, undefined]);

    expect(
      messages({
        ...head,
        salesforce: { pullSettings: {}, csmSettings: { fieldName: "CSM field" } },
        tools: { PENDO: { ...rules, kpiSettings: { ...kpiSettings, licensedSeatsField: "Seats!", extra: 1 } } },
        alerts: { rules: { ...DEFAULT_ALERT_RULES, runFailed: { enabled: true, warning: 4, critical: 2 } } },
      }),
    ).toEqual([
      "At salesforce.csmSettings.fieldName: Give a Salesforce API name, e.g. CSM__c: letters, digits and underscores.",
      "At tools.PENDO.kpiSettings.licensedSeatsField: Use the field's API name (letters, digits, underscores), e.g. Licensed_Seats__c.",
      "At tools.PENDO.kpiSettings: \"extra\" is not a setting this version of Clearinghouse knows; remove it.",
      "At alerts.rules.runFailed.critical: CRITICAL must be at or above WARNING.",
    ]);
  });

  it("refuses alert channels in the file: the webhook address and SMTP settings are credentials", () => {
    expect(messages({ ...head, alerts: { rules: DEFAULT_ALERT_RULES, webhook: { url: "https://hooks.slack.com/services/T/B/x" }, email: null } })).toEqual([
      'At alerts: The file carries the alert rules only; remove "webhook", "email". The webhook address and the email (SMTP) settings are credentials of one installation: set them on Settings › Alerts.',
    ]);
  });

  it("refuses text no database can store, even when it arrives escaped inside the file's text", () => {
    expect(messages(JSON.stringify({ ...head, tools: { PX: { matchingRules: { accounts: [], contacts: [] }, fieldMappings: [{ ...mapping, targetField: "PX_\u0000" }] } } }))).toEqual([
      "At tools.PX.fieldMappings[0].targetField: This holds a NUL or an invalid character that cannot be stored; remove it.",
    ]);
  });

  it("quotes a long wrong version cut short rather than repeating it whole", () => {
    const [message] = messages({ ...head, version: "x".repeat(10_000) });
    expect(message!.length).toBeLessThan(400);
  });
});
