import { describe, expect, it } from "vitest";
import { bodyFromDraft, draftFromView, draftProblems } from "@/components/alerts/settings-draft";
import { DEFAULT_ALERT_RULES, saveAlertSettingsSchema, type AlertSettingsView } from "@/lib/alerts/settings-schema";

const view: AlertSettingsView = {
  rules: { ...DEFAULT_ALERT_RULES, fewRecords: { enabled: true, warning: 50, critical: null } },
  webhook: { host: "hooks.slack.com" },
  email: { host: "smtp.example.com", port: 587, security: "starttls", user: "ops", from: "a@example.com", to: ["b@example.com", "c@example.com"], passwordSet: true },
  updatedAt: null,
  updatedBy: null,
};

describe("alert settings draft", () => {
  it("round-trips the saved view into a valid body that keeps the secrets", () => {
    const body = bodyFromDraft(draftFromView(view));
    expect(saveAlertSettingsSchema.parse(body)).toEqual(body);
    expect(body.rules.fewRecords).toEqual({ enabled: true, warning: 50, critical: null });
    expect(body.webhook).toEqual({});
    expect(body.email).not.toHaveProperty("password");
    expect(body.email?.to).toEqual(["b@example.com", "c@example.com"]);
  });

  it("sends a new secret, removes one on request, and turns channels off", () => {
    const draft = { ...draftFromView(view), webhookUrl: " https://hooks.slack.com/services/new ", password: "pw" };
    expect(bodyFromDraft(draft).webhook).toEqual({ url: "https://hooks.slack.com/services/new" });
    expect(bodyFromDraft(draft).email?.password).toBe("pw");
    expect(bodyFromDraft({ ...draft, removePassword: true }).email?.password).toBeNull();
    expect(bodyFromDraft({ ...draft, webhookOn: false, emailOn: false })).toMatchObject({ webhook: null, email: null });
  });

  it("catches text that is not a number before sending", () => {
    const draft = draftFromView(view);
    draft.rules.slowRun.warning = "three";
    expect(draftProblems(draft)).toEqual({ "rules.slowRun.warning": "Enter a number, or leave it empty." });
    expect(draftProblems({ ...draftFromView(view), port: "58x" })).toHaveProperty("email.port");
  });
});
