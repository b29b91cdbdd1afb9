import { parseAlertCode, RUN_KIND_WORDS, runRuleCode, stateRuleCode, type RunKindName } from "@/lib/alerts/codes";
import type { AlertRules, RuleKey } from "@/lib/alerts/settings-schema";
import { levelFor, type AlertStateName } from "@/lib/alerts/state-machine";

// The rules, pure: facts in (read by lib/alerts/read-facts.ts), one verdict per rule out. A rule
// with nothing to judge (a failed run's duration) gives no verdict and its state stays as it is.

export interface Verdict {
  code: string;
  rule: RuleKey;
  level: AlertStateName;
  /** The sentence the card, the bell and the notification show: what happened and what to do. */
  message: string;
}

export interface PastRun {
  durationMs: number;
  /** Records its pull steps read; null when it has none. */
  read: number | null;
}

export interface ClosedRunFacts {
  kind: RunKindName;
  status: "SUCCEEDED" | "PARTIAL" | "FAILED";
  error: string | null;
  durationMs: number;
  read: number | null;
  /** Finished runs of this integration and kind that failed in a row, this one included. */
  failedInARow: number;
  /** True when every run counted failed: there may be more before them. */
  streakCapped?: boolean;
  /** Records the vendor refused, and the records of the steps that refused any. */
  rejected: number;
  written: number;
  /** The previous finished (succeeded or partial) runs of this integration and kind, newest first, at most ten. */
  history: PastRun[];
}

export interface IntegrationFacts {
  system: "SALESFORCE" | "PENDO" | "PX";
  status: "CONNECTED" | "RECONNECT_NEEDED" | "ERROR" | "DISABLED";
  statusMessage: string | null;
  /** Credentials stored: false once disconnected. */
  hasCredentials: boolean;
  apiUsed: number | null;
  apiMax: number | null;
  apiUsageAt: Date | null;
  connectedAt: Date | null;
  lastPullStartedAt: Date | null;
  /**
   * From the integration's schedules (lib/sync/schedules/pull-timetable.ts): when a pull (or a
   * Synchronize, which pulls first) last fell due, and the longest gap between due times; null
   * when every schedule is paused.
   */
  lastScheduledAt: Date | null;
  pullIntervalMs: number | null;
  now: Date;
}

/** Fewer past runs than this and "usual" means little: the comparison rules wait. */
export const MIN_HISTORY = 3;
/** A run under a minute is never "far slower": seconds of queueing would count as 3×. */
export const SLOW_FLOOR_MS = 60_000;
/** Below this average, a few records more or less are noise, not "far fewer". */
export const FEW_RECORDS_FLOOR = 20;
/** Salesforce's allowance is a rolling 24 hours: an older figure says nothing about now. */
const API_FIGURE_MAX_AGE_MS = 24 * 3600_000;

const n = (v: number) => v.toLocaleString("en-US");
const pct = (v: number) => `${v >= 10 || Number.isInteger(v) ? Math.round(v) : v.toFixed(1)}%`;
const times = (v: number) => `${v >= 10 ? Math.round(v) : v.toFixed(1)}×`;

export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 120) return `${m} min`;
  const h = Math.floor(m / 60);
  return m % 60 === 0 ? `${h} h` : `${h} h ${m % 60} min`;
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

function runFailed(facts: ClosedRunFacts, rules: AlertRules): Verdict {
  const words = RUN_KIND_WORDS[facts.kind];
  const code = runRuleCode("runFailed", facts.kind);
  const level = levelFor(facts.failedInARow, rules.runFailed, "atLeast");
  if (level === "OK") {
    return { code, rule: "runFailed", level, message: `The last ${words.one} ${facts.status === "PARTIAL" ? "ended partial" : "succeeded"}.` };
  }
  const said = facts.error ? ` It said: ${facts.error}` : "";
  const count = facts.streakCapped ? `${facts.failedInARow} or more` : String(facts.failedInARow);
  const head = facts.failedInARow === 1 ? `The last ${words.one} failed.` : `The last ${count} ${words.many} failed in a row.`;
  return { code, rule: "runFailed", level, message: `${head}${said} Open it on Sync history for each step's error.` };
}

function rejectedRecords(facts: ClosedRunFacts, rules: AlertRules): Verdict {
  const words = RUN_KIND_WORDS[facts.kind];
  const code = runRuleCode("rejectedRecords", facts.kind);
  const share = facts.written > 0 ? (facts.rejected / facts.written) * 100 : 0;
  const level = levelFor(share, rules.rejectedRecords, "above");
  if (level === "OK") {
    const message = facts.rejected === 0 ? `The last ${words.one} had no rejected records.` : `The last ${words.one} had ${pct(share)} rejected records, within the threshold.`;
    return { code, rule: "rejectedRecords", level, message };
  }
  return {
    code,
    rule: "rejectedRecords",
    level,
    message: `${n(facts.rejected)} of the ${n(facts.written)} records the last ${words.one} wrote were rejected (${pct(share)}). Open the run, filter to rejected records and read each vendor message to fix them; they are retried on the next run.`,
  };
}

function slowRun(facts: ClosedRunFacts, rules: AlertRules): Verdict | null {
  if (facts.status === "FAILED") return null;
  const words = RUN_KIND_WORDS[facts.kind];
  const code = runRuleCode("slowRun", facts.kind);
  if (facts.history.length < MIN_HISTORY) return { code, rule: "slowRun", level: "OK", message: `Too few earlier ${words.many} to compare with.` };
  const average = mean(facts.history.map((r) => r.durationMs));
  const ratio = facts.durationMs < SLOW_FLOOR_MS || average <= 0 ? 0 : facts.durationMs / average;
  const level = levelFor(ratio, rules.slowRun, "above");
  const took = `The last ${words.one} took ${formatDuration(facts.durationMs)}`;
  const usual = `the ${formatDuration(average)} average of the previous ${facts.history.length}`;
  if (level === "OK") return { code, rule: "slowRun", level, message: `${took}, close to ${usual}.` };
  return {
    code,
    rule: "slowRun",
    level,
    message: `${took}, ${times(ratio)} ${usual}. Open it on Sync history: the step timeline shows which step slowed down (API limits, a larger first pull, a slow vendor).`,
  };
}

function fewRecords(facts: ClosedRunFacts, rules: AlertRules): Verdict | null {
  if (facts.status === "FAILED" || facts.read === null) return null;
  const words = RUN_KIND_WORDS[facts.kind];
  const code = runRuleCode("fewRecords", facts.kind);
  const past = facts.history.map((r) => r.read).filter((r): r is number => r !== null);
  if (past.length < MIN_HISTORY) return { code, rule: "fewRecords", level: "OK", message: `Too few earlier ${words.many} to compare with.` };
  const average = mean(past);
  const share = average < FEW_RECORDS_FLOOR ? 100 : (facts.read / average) * 100;
  const level = levelFor(share, rules.fewRecords, "below");
  const read = `The last ${words.one} read ${n(facts.read)} records`;
  const usual = `the average of ${n(Math.round(average))} over the previous ${past.length}`;
  if (level === "OK") return { code, rule: "fewRecords", level, message: `${read}, in line with ${usual}.` };
  return {
    code,
    rule: "fewRecords",
    level,
    message: `${read}, ${pct(share)} of ${usual}. Check that the connected user still sees the records (sharing, permissions) and that the pull settings' objects and filters are as intended.`,
  };
}

/** Verdicts of the run rules on a run that just closed. */
export function runVerdicts(facts: ClosedRunFacts, rules: AlertRules): Verdict[] {
  return [runFailed(facts, rules), rejectedRecords(facts, rules), slowRun(facts, rules), fewRecords(facts, rules)].filter((v): v is Verdict => v !== null);
}

function reconnectNeeded(facts: IntegrationFacts, rules: AlertRules): Verdict {
  const code = stateRuleCode("reconnectNeeded");
  if (facts.status !== "RECONNECT_NEEDED" || !rules.reconnectNeeded.enabled) {
    return { code, rule: "reconnectNeeded", level: "OK", message: rules.reconnectNeeded.enabled ? "Connected again." : "The rule was turned off in the alert settings." };
  }
  return {
    code,
    rule: "reconnectNeeded",
    level: rules.reconnectNeeded.level,
    message: facts.statusMessage ?? "The stored sign-in was refused: syncs are stopped. Use Reconnect on its card on the Integrations page.",
  };
}

function apiAllowance(facts: IntegrationFacts, rules: AlertRules): Verdict | null {
  const code = stateRuleCode("apiAllowance");
  if (facts.system !== "SALESFORCE") return null;
  if (!facts.apiMax || facts.apiUsed === null) return { code, rule: "apiAllowance", level: "OK", message: "No API usage reported." };
  if (!facts.apiUsageAt || facts.now.getTime() - facts.apiUsageAt.getTime() > API_FIGURE_MAX_AGE_MS) return null;
  const share = (facts.apiUsed / facts.apiMax) * 100;
  const level = levelFor(share, rules.apiAllowance, "above");
  const used = `Salesforce reports ${n(facts.apiUsed)} of the org's ${n(facts.apiMax)} daily API requests used (${pct(share)})`;
  if (level === "OK") return { code, rule: "apiAllowance", level, message: `${used}, within the threshold.` };
  return {
    code,
    rule: "apiAllowance",
    level,
    message: `${used}. Runs stop at the API budget and other apps of the org may be refused: lower the shares under API budget on the Salesforce card, or find the app using the requests in Salesforce's API usage report.`,
  };
}

function scheduleMissed(facts: IntegrationFacts, rules: AlertRules): Verdict {
  const code = stateRuleCode("scheduleMissed");
  const since = [facts.lastPullStartedAt, facts.connectedAt].filter((d): d is Date => d !== null).sort((a, b) => b.getTime() - a.getTime())[0];
  if (facts.status !== "CONNECTED" || !facts.hasCredentials || !since) return { code, rule: "scheduleMissed", level: "OK", message: "Not connected: no pulls are scheduled." };
  if (facts.pullIntervalMs === null || facts.lastScheduledAt === null) return { code, rule: "scheduleMissed", level: "OK", message: "Its schedules are paused: no pull is due." };
  const elapsed = facts.now.getTime() - since.getTime();
  // Nothing fell due since the last pull (or the connection): a long wait is the schedule's own.
  const due = facts.lastScheduledAt > since;
  const level = due ? levelFor(elapsed / facts.pullIntervalMs, rules.scheduleMissed, "above") : "OK";
  if (level === "OK") return { code, rule: "scheduleMissed", level, message: `Pulls start on schedule again: the last one started ${formatDuration(elapsed)} ago.` };
  return {
    code,
    rule: "scheduleMissed",
    level,
    message: `No pull has started for ${formatDuration(elapsed)}, though one was due at ${facts.lastScheduledAt.toISOString().slice(0, 16).replace("T", " ")} UTC and its schedules leave at most ${formatDuration(facts.pullIntervalMs)} between runs. Check System status (is the worker running, is Redis up?) and Settings › Schedules.`,
  };
}

/** Verdicts of the rules on the integration's state (the recurring check, and after every run). */
export function stateVerdicts(facts: IntegrationFacts, rules: AlertRules): Verdict[] {
  return [reconnectNeeded(facts, rules), apiAllowance(facts, rules), scheduleMissed(facts, rules)].filter((v): v is Verdict => v !== null);
}

/**
 * OK for open alerts nothing watches any more: the integration was disconnected, or an admin
 * turned the rule off. Without this they would stay open for ever.
 */
export function unwatchedVerdicts(openCodes: readonly string[], rules: AlertRules, connected: boolean): Verdict[] {
  const verdicts: Verdict[] = [];
  for (const code of openCodes) {
    const parsed = parseAlertCode(code);
    if (!connected) {
      verdicts.push({ code, rule: parsed?.rule ?? "reconnectNeeded", level: "OK", message: "The integration was disconnected." });
      continue;
    }
    if (!parsed || parsed.rule === "reconnectNeeded") continue;
    if (!rules[parsed.rule].enabled) verdicts.push({ code, rule: parsed.rule, level: "OK", message: "The rule was turned off in the alert settings." });
  }
  return verdicts;
}
