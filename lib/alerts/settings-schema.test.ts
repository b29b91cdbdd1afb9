import { describe, expect, it } from "vitest";
import { alertRulesSchema, DEFAULT_ALERT_RULES, parseAlertRules, saveAlertSettingsSchema, webhookUrlProblem } from "@/lib/alerts/settings-schema";

describe("alert settings", () => {
  it("the defaults are valid", () => {
    expect(alertRulesSchema.parse(DEFAULT_ALERT_RULES)).toEqual(DEFAULT_ALERT_RULES);
  });

  it("refuses a CRITICAL threshold milder than the WARNING one", () => {
    const above = alertRulesSchema.safeParse({ ...DEFAULT_ALERT_RULES, apiAllowance: { enabled: true, warning: 90, critical: 80 } });
    expect(above.success).toBe(false);
    expect(above.error?.issues[0]?.path).toEqual(["apiAllowance", "critical"]);
    const below = alertRulesSchema.safeParse({ ...DEFAULT_ALERT_RULES, fewRecords: { enabled: true, warning: 10, critical: 50 } });
    expect(below.success).toBe(false);
  });

  it("refuses out-of-range and fractional counts", () => {
    expect(alertRulesSchema.safeParse({ ...DEFAULT_ALERT_RULES, runFailed: { enabled: true, warning: 1.5, critical: 3 } }).success).toBe(false);
    expect(alertRulesSchema.safeParse({ ...DEFAULT_ALERT_RULES, rejectedRecords: { enabled: true, warning: 101, critical: null } }).success).toBe(false);
    expect(alertRulesSchema.safeParse({ ...DEFAULT_ALERT_RULES, slowRun: { enabled: true, warning: 1, critical: null } }).success).toBe(false);
  });

  it("keeps the stored rules that still parse and defaults the rest", () => {
    const stored = { ...DEFAULT_ALERT_RULES, runFailed: { enabled: false, warning: 2, critical: 5 }, slowRun: "garbage" };
    const parsed = parseAlertRules(stored);
    expect(parsed.runFailed).toEqual({ enabled: false, warning: 2, critical: 5 });
    expect(parsed.slowRun).toEqual(DEFAULT_ALERT_RULES.slowRun);
    expect(parseAlertRules(null)).toEqual(DEFAULT_ALERT_RULES);
  });

  it("takes https webhooks, and plain http only to this machine", () => {
    expect(webhookUrlProblem("https://hooks.slack.com/services/T/B/x")).toBeNull();
    expect(webhookUrlProblem("http://localhost:3334/hook")).toBeNull();
    expect(webhookUrlProblem("http://127.0.0.1:3334/hook")).toBeNull();
    expect(webhookUrlProblem("http://hooks.example.com/x")).toMatch(/https/);
    expect(webhookUrlProblem("ftp://x")).toMatch(/https/);
    expect(webhookUrlProblem("https://user:pw@example.com/")).toMatch(/user name/);
    expect(webhookUrlProblem("not a url")).toMatch(/full address/);
  });

  it("a save keeps secrets it is not given and refuses unknown keys", () => {
    expect(saveAlertSettingsSchema.safeParse({ rules: DEFAULT_ALERT_RULES, webhook: {}, email: null }).success).toBe(true);
    expect(saveAlertSettingsSchema.safeParse({ rules: DEFAULT_ALERT_RULES, webhook: null, email: null, extra: 1 }).success).toBe(false);
    const email = { host: "smtp.example.com", port: 587, security: "starttls", user: null, from: "a@example.com", to: ["b@example.com"] };
    expect(saveAlertSettingsSchema.safeParse({ rules: DEFAULT_ALERT_RULES, webhook: null, email }).success).toBe(true);
    expect(saveAlertSettingsSchema.safeParse({ rules: DEFAULT_ALERT_RULES, webhook: null, email: { ...email, to: [] } }).success).toBe(false);
    expect(saveAlertSettingsSchema.safeParse({ rules: DEFAULT_ALERT_RULES, webhook: null, email: { ...email, host: "bad host!" } }).success).toBe(false);
  });
});
