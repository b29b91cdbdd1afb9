import {
  THRESHOLD_RULE_KEYS,
  type AlertLevelName,
  type AlertSettingsView,
  type SaveAlertSettings,
  type ThresholdRuleKey,
} from "@/lib/alerts/settings-schema";

// The settings form edits text (an empty threshold means "never this level"); these turn the saved
// view into that text and the text back into the body the API validates.

export interface ThresholdDraft {
  enabled: boolean;
  warning: string;
  critical: string;
}

export interface AlertSettingsDraft {
  rules: Record<ThresholdRuleKey, ThresholdDraft>;
  reconnect: { enabled: boolean; level: AlertLevelName };
  webhookOn: boolean;
  /** Empty keeps the saved address. */
  webhookUrl: string;
  emailOn: boolean;
  host: string;
  port: string;
  security: "tls" | "starttls" | "none";
  user: string;
  /** Empty keeps the saved password. */
  password: string;
  removePassword: boolean;
  from: string;
  /** Addresses separated by commas, semicolons or lines. */
  to: string;
}

const text = (v: number | null) => (v === null ? "" : String(v));

export function draftFromView(view: AlertSettingsView): AlertSettingsDraft {
  const rules = Object.fromEntries(
    THRESHOLD_RULE_KEYS.map((k) => [k, { enabled: view.rules[k].enabled, warning: text(view.rules[k].warning), critical: text(view.rules[k].critical) }]),
  ) as Record<ThresholdRuleKey, ThresholdDraft>;
  const email = view.email;
  return {
    rules,
    reconnect: { ...view.rules.reconnectNeeded },
    webhookOn: view.webhook !== null,
    webhookUrl: "",
    emailOn: email !== null,
    host: email?.host ?? "",
    port: email ? String(email.port) : "587",
    security: email?.security ?? "starttls",
    user: email?.user ?? "",
    password: "",
    removePassword: false,
    from: email?.from ?? "",
    to: email?.to.join(", ") ?? "",
  };
}

/** "" is null (the level is off); anything else a number (NaN when it is not: see draftProblems). */
function threshold(value: string): number | null {
  const v = value.trim();
  return v === "" ? null : Number(v.replace(",", "."));
}

export function bodyFromDraft(draft: AlertSettingsDraft): SaveAlertSettings {
  const rules = Object.fromEntries(
    THRESHOLD_RULE_KEYS.map((k) => [k, { enabled: draft.rules[k].enabled, warning: threshold(draft.rules[k].warning), critical: threshold(draft.rules[k].critical) }]),
  ) as Omit<SaveAlertSettings["rules"], "reconnectNeeded">;
  const url = draft.webhookUrl.trim();
  const password = draft.removePassword ? null : draft.password === "" ? undefined : draft.password;
  return {
    rules: { ...rules, reconnectNeeded: draft.reconnect },
    webhook: draft.webhookOn ? (url ? { url } : {}) : null,
    email: draft.emailOn
      ? {
          host: draft.host.trim(),
          port: Number(draft.port),
          security: draft.security,
          user: draft.user.trim() === "" ? null : draft.user.trim(),
          from: draft.from.trim(),
          to: draft.to
            .split(/[,;\n]/)
            .map((a) => a.trim())
            .filter(Boolean),
          ...(password === undefined ? {} : { password }),
        }
      : null,
  };
}

/** Text the browser can already tell is not a number, by the field path the server would use. */
export function draftProblems(draft: AlertSettingsDraft): Record<string, string> {
  const problems: Record<string, string> = {};
  for (const k of THRESHOLD_RULE_KEYS) {
    for (const level of ["warning", "critical"] as const) {
      if (!Number.isFinite(threshold(draft.rules[k][level]) ?? 0)) problems[`rules.${k}.${level}`] = "Enter a number, or leave it empty.";
    }
  }
  if (draft.emailOn && !/^\d{1,5}$/.test(draft.port.trim())) problems["email.port"] = "A port number, such as 587.";
  return problems;
}
