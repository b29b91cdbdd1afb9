import { z } from "zod";

// The alert rules' thresholds and the channels notifications go to, as the settings page edits
// them and the API validates them. Pure (no database, no secrets): the settings form imports it too.

export const ALERT_LEVELS = ["WARNING", "CRITICAL"] as const;
export type AlertLevelName = (typeof ALERT_LEVELS)[number];

/**
 * How a rule compares its measure with a threshold: `atLeast` counts (3 failed runs in a row),
 * `above` and `below` are strict ("more than 5% rejected", "fewer than 50% of the usual records").
 */
export type Comparison = "atLeast" | "above" | "below";

export interface RuleMeta {
  title: string;
  /** What the thresholds measure, after the number: "failed runs in a row". */
  unit: string;
  comparison: Comparison;
  min: number;
  max: number;
  integer: boolean;
  /** One sentence for the settings page. */
  help: string;
}

/** Rules with a WARNING and a CRITICAL threshold; reconnect-needed has a level only. */
export const THRESHOLD_RULES = {
  runFailed: {
    title: "Run failed",
    unit: "failed runs in a row",
    comparison: "atLeast",
    min: 1,
    max: 100,
    integer: true,
    help: "Counted per integration and kind of run (pulls, Synchronize, re-matches, usage refreshes); a run that succeeds or ends partial clears it.",
  },
  rejectedRecords: {
    title: "Rejected records",
    unit: "% of the records a run wrote",
    comparison: "above",
    min: 0,
    max: 100,
    integer: false,
    help: "Records the vendor refused, as a share of the records of the steps that wrote them.",
  },
  apiAllowance: {
    title: "Salesforce API allowance",
    unit: "% of the daily requests used",
    comparison: "above",
    min: 0,
    max: 100,
    integer: false,
    help: "As Salesforce last reported it (the card's API usage bar); a figure older than 24 hours is not judged.",
  },
  scheduleMissed: {
    title: "Scheduled pull did not start",
    unit: "× the pull interval without a pull",
    comparison: "above",
    min: 1.5,
    max: 100,
    integer: false,
    help: "For connected integrations: time since the last pull started, in multiples of the pull schedule's interval.",
  },
  slowRun: {
    title: "Run far slower than usual",
    unit: "× the average duration of its last ten",
    comparison: "above",
    min: 1.5,
    max: 1000,
    integer: false,
    help: "Compared with the last ten finished runs of the same integration and kind; runs under a minute are never slow.",
  },
  fewRecords: {
    title: "Run read far fewer records",
    unit: "% of the average read by its last ten",
    comparison: "below",
    min: 0,
    max: 100,
    integer: false,
    help: "Records pulled, compared with the last ten finished runs of the same integration and kind (when they read at least 20 on average).",
  },
} as const satisfies Record<string, RuleMeta>;

export type ThresholdRuleKey = keyof typeof THRESHOLD_RULES;
export type RuleKey = ThresholdRuleKey | "reconnectNeeded";
export const THRESHOLD_RULE_KEYS = Object.keys(THRESHOLD_RULES) as ThresholdRuleKey[];
export const RULE_TITLES: Record<RuleKey, string> = {
  ...(Object.fromEntries(THRESHOLD_RULE_KEYS.map((k) => [k, THRESHOLD_RULES[k].title])) as Record<ThresholdRuleKey, string>),
  reconnectNeeded: "Reconnect needed",
};

export interface Thresholds {
  enabled: boolean;
  /** null: the rule never goes to this level. */
  warning: number | null;
  critical: number | null;
}

function thresholdsSchema(key: ThresholdRuleKey) {
  const meta: RuleMeta = THRESHOLD_RULES[key];
  const base = z.number().finite().min(meta.min, `At least ${meta.min}.`).max(meta.max, `At most ${meta.max}.`);
  const value = (meta.integer ? base.int("A whole number.") : base).nullable();
  return z
    .object({ enabled: z.boolean(), warning: value, critical: value })
    .strict()
    .superRefine((t, ctx) => {
      if (t.warning === null || t.critical === null) return;
      const inOrder = meta.comparison === "below" ? t.critical <= t.warning : t.critical >= t.warning;
      if (!inOrder) {
        ctx.addIssue({
          code: "custom",
          path: ["critical"],
          message: meta.comparison === "below" ? "CRITICAL must be at or below WARNING." : "CRITICAL must be at or above WARNING.",
        });
      }
    });
}

export const alertRulesSchema = z
  .object({
    runFailed: thresholdsSchema("runFailed"),
    rejectedRecords: thresholdsSchema("rejectedRecords"),
    apiAllowance: thresholdsSchema("apiAllowance"),
    scheduleMissed: thresholdsSchema("scheduleMissed"),
    slowRun: thresholdsSchema("slowRun"),
    fewRecords: thresholdsSchema("fewRecords"),
    reconnectNeeded: z.object({ enabled: z.boolean(), level: z.enum(ALERT_LEVELS) }).strict(),
  })
  .strict();
export type AlertRules = z.infer<typeof alertRulesSchema>;

/** The defaults an installation starts with; the issue's figures are the WARNING ones. */
export const DEFAULT_ALERT_RULES: AlertRules = {
  runFailed: { enabled: true, warning: 1, critical: 3 },
  rejectedRecords: { enabled: true, warning: 5, critical: 25 },
  apiAllowance: { enabled: true, warning: 80, critical: 95 },
  scheduleMissed: { enabled: true, warning: 2, critical: 4 },
  slowRun: { enabled: true, warning: 3, critical: 6 },
  fewRecords: { enabled: true, warning: 50, critical: 10 },
  reconnectNeeded: { enabled: true, level: "CRITICAL" },
};

/** Stored rules as far as they parse; a rule that does not (an older shape) falls back to its default. */
export function parseAlertRules(stored: unknown): AlertRules {
  const whole = alertRulesSchema.safeParse(stored);
  if (whole.success) return whole.data;
  const raw = (stored && typeof stored === "object" ? stored : {}) as Record<string, unknown>;
  const rules = { ...DEFAULT_ALERT_RULES };
  for (const key of Object.keys(DEFAULT_ALERT_RULES) as (keyof AlertRules)[]) {
    const one = alertRulesSchema.shape[key].safeParse(raw[key]);
    if (one.success) (rules as Record<string, unknown>)[key] = one.data;
  }
  return rules;
}

// ------------------------------------------------------------------ channels

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** https only; plain http to this machine alone (local receivers in tests and development). */
export function webhookUrlProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "Enter a full address, such as https://hooks.slack.com/services/…";
  }
  if (url.username || url.password) return "Leave the user name and password out of the address.";
  if (url.protocol === "https:") return null;
  if (url.protocol === "http:" && LOCAL_HOSTS.has(url.hostname)) return null;
  return "Use an https:// address (plain http only to localhost).";
}

export const webhookUrlSchema = z
  .string()
  .trim()
  .min(1, "Enter the webhook address.")
  .max(2000, "At most 2,000 characters.")
  .superRefine((v, ctx) => {
    const problem = webhookUrlProblem(v);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

const HOSTNAME = /^(?=.{1,253}$)([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)(\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$|^\[?[0-9a-fA-F:.]{2,45}\]?$/;

export const SMTP_SECURITY = ["tls", "starttls", "none"] as const;

export const emailChannelSchema = z
  .object({
    host: z.string().trim().min(1, "Enter the SMTP server.").max(253).regex(HOSTNAME, "A host name or IP address, such as smtp.example.com."),
    port: z.number().int("A whole number.").min(1).max(65535),
    /** tls: TLS from the first byte (port 465); starttls: upgrade required (587); none: a relay on this network. */
    security: z.enum(SMTP_SECURITY),
    user: z.string().trim().max(320).nullable(),
    from: z.email("An email address.").max(320),
    to: z.array(z.email("An email address.").max(320)).min(1, "Add at least one recipient.").max(20, "At most 20 recipients."),
  })
  .strict();
export type EmailChannel = z.infer<typeof emailChannelSchema>;

export function isLocalHost(host: string): boolean {
  return LOCAL_HOSTS.has(host) || host === "::1";
}

/**
 * What the settings page sends. A secret left out keeps the stored one (the page never receives
 * it back): `webhook: {}` keeps the URL, an email without `password` keeps the password, and
 * `password: null` removes it. `null` for a channel turns it off.
 */
export const saveAlertSettingsSchema = z
  .object({
    rules: alertRulesSchema,
    webhook: z.object({ url: webhookUrlSchema.optional() }).strict().nullable(),
    email: emailChannelSchema.extend({ password: z.string().min(1).max(1000).nullable().optional() }).strict().nullable(),
  })
  .strict();
export type SaveAlertSettings = z.infer<typeof saveAlertSettingsSchema>;

/** The settings as the page shows them: secrets only as "set" or not. */
export interface AlertSettingsView {
  rules: AlertRules;
  webhook: { host: string } | null;
  email: (EmailChannel & { passwordSet: boolean }) | null;
  updatedAt: string | null;
  updatedBy: string | null;
}
