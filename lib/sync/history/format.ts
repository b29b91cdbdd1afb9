import type { MatchCounts, MatchSummary, PullCounts } from "@/lib/sync/history/step-counts";

// Words and numbers shared by the sync pages and `cli runs`, so both say the same thing.
// Plain functions (no React, no database): the browser may import them too.

export const formatCount = (n: number): string => n.toLocaleString("en-US");

/** 350 → "0.4 s", 12_300 → "12.3 s", 125_000 → "2 min 5 s", 3_780_000 → "1 h 3 min". */
export function formatDuration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms) || ms < 0) return "—";
  const tenths = Math.round(ms / 100);
  if (tenths < 600) return `${(tenths / 10).toFixed(1)} s`;
  const totalSeconds = Math.round(ms / 1000);
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  if (hours > 0) return minutes ? `${hours} h ${minutes} min` : `${hours} h`;
  return seconds ? `${minutes} min ${seconds} s` : `${minutes} min`;
}

/** How long a run or step took, or has been going while it is unfinished; null if it never started. */
export function elapsedMs(startedAt: Date | null, finishedAt: Date | null, now: Date): number | null {
  if (!startedAt) return null;
  return Math.max(0, (finishedAt ?? now).getTime() - startedAt.getTime());
}

export const TRIGGERS: Record<string, string> = {
  manual: "Manual",
  schedule: "Schedule",
  cli: "Command line",
  rules: "Matching rules changed",
  override: "Pin or exclusion",
  retry: "Retry",
  bench: "Benchmark",
  test: "Test",
};

/** "Manual by jane@example.com", "Schedule", or the raw trigger for one this build does not know. */
export function describeTrigger(trigger: string, triggeredBy: string | null): string {
  const label = TRIGGERS[trigger] ?? trigger;
  return triggeredBy ? `${label} by ${triggeredBy}` : label;
}

// The objects a step counts, by their key in the step's stats, in the order a run lists them.
// PostgreSQL stores JSON keys shortest first, so the stats' own order says nothing.
const OBJECT_LABELS: Record<string, string> = {
  accounts: "Accounts",
  contacts: "Contacts",
  users: "Users",
  cases: "Cases",
  opportunities: "Opportunities",
};
const OBJECT_ORDER = Object.keys(OBJECT_LABELS);

/** "opportunities" → "Opportunities"; a key this build does not know is shown as it is. */
export const objectLabel = (key: string): string => OBJECT_LABELS[key] ?? key;

/** The same entries, known objects first in their usual order, then the rest by name. */
export function inObjectOrder<T>(objects: Record<string, T>): Record<string, T> {
  const rank = (k: string) => (OBJECT_ORDER.includes(k) ? OBJECT_ORDER.indexOf(k) : OBJECT_ORDER.length);
  return Object.fromEntries(Object.entries(objects).sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b)));
}

const plural = (n: number, one: string, many = `${one}s`) => `${formatCount(n)} ${n === 1 ? one : many}`;

/** "1,204 read: 12 new, 3 changed, 1,189 unchanged, 2 removed" (zero changes left out). */
export function describePullCounts(c: PullCounts): string {
  const changes = [
    c.created ? `${formatCount(c.created)} new` : "",
    c.updated ? `${formatCount(c.updated)} changed` : "",
    c.unchanged ? `${formatCount(c.unchanged)} unchanged` : "",
    c.removed ? `${formatCount(c.removed)} removed` : "",
    c.deleted ? `${formatCount(c.deleted)} deleted` : "",
    c.merged ? `${formatCount(c.merged)} merged` : "",
  ].filter(Boolean);
  return `${formatCount(c.read)} read${changes.length ? `: ${changes.join(", ")}` : ""}`;
}

/** "12 linked, 1 unlinked, 40 unmatched": what matching changed, and what it still could not link. */
export function describeMatchSummary(c: MatchSummary): string {
  const parts = [
    c.linked ? `${formatCount(c.linked)} linked` : "",
    c.unlinked ? `${formatCount(c.unlinked)} unlinked` : "",
    c.relinked ? `${formatCount(c.relinked)} relinked` : "",
    c.unmatched ? `${formatCount(c.unmatched)} unmatched` : "",
  ].filter(Boolean);
  return parts.join(", ") || "no link changed";
}

/** One object of a match step: "1,180 matched (12 new links, 1 lost), 40 unmatched, 2 ambiguous". */
export function describeMatchCounts(c: MatchCounts): string {
  const linkChanges = [
    c.linked ? `${formatCount(c.linked)} new` : "",
    c.relinked ? `${formatCount(c.relinked)} moved` : "",
    c.unlinked ? `${formatCount(c.unlinked)} lost` : "",
  ].filter(Boolean);
  const problems = [
    c.unmatched ? `${formatCount(c.unmatched)} unmatched` : "",
    c.ambiguous ? `${formatCount(c.ambiguous)} ambiguous` : "",
    c.duplicate ? `${formatCount(c.duplicate)} duplicate` : "",
    c.excluded ? `${formatCount(c.excluded)} excluded` : "",
  ].filter(Boolean);
  return [`${formatCount(c.matched)} matched${linkChanges.length ? ` (links: ${linkChanges.join(", ")})` : ""}`, ...problems].join(", ");
}

export const describeApiCalls = (calls: number): string => (calls ? plural(calls, "API call") : "no API calls");

/** Why a match step did not run: a pull that changed nothing leaves the last match's links standing. */
export const SKIPPED_MATCH = "Skipped: nothing this pull read had changed and the last match of this tool succeeded, so its links stand.";

/** One object of a push step: "112 written, 3 unchanged, 1 rejected". */
export function describePushCounts(c: Record<string, number>): string {
  const parts = [
    `${formatCount(c.written ?? 0)} written`,
    c.unchanged ? `${formatCount(c.unchanged)} unchanged` : "",
    c.skipped ? `${formatCount(c.skipped)} with nothing to write` : "",
    c.invalid ? `${formatCount(c.invalid)} invalid` : "",
    c.rejected ? `${formatCount(c.rejected)} rejected` : "",
  ];
  return parts.filter(Boolean).join(", ");
}

const USAGE_TABLE_LABEL: Record<string, string> = {
  userDays: "user days",
  accountDays: "account days",
  userFeatureDays: "user-feature days",
  accountFeatureDays: "account-feature days",
  engagementDays: "guide days",
  npsResponses: "NPS responses",
  features: "features",
  engagements: "guides",
};

/** A usage step's tables: "40,112 user days over 180 days · 576 NPS responses". */
export function describeUsageCounts(tables: Record<string, { days: number; rows: number }>): string {
  const parts = Object.entries(tables)
    .filter(([, c]) => c.rows > 0 || c.days > 0)
    .map(([table, c]) => `${formatCount(c.rows)} ${USAGE_TABLE_LABEL[table] ?? table}${c.days ? ` over ${formatCount(c.days)} days` : ""}`);
  return parts.join(" · ") || "nothing new to read";
}

/** A KPI step: "KPIs of 135 tool accounts and 117 Salesforce accounts". */
/** "200 accounts scored with model version 1: 37 red, 63 yellow, 100 green; 4 without any measure". */
export function describeHealthCounts(c: { scored: number; unscored: number; red: number; yellow: number; green: number; modelVersion: number }): string {
  const total = c.scored + c.unscored;
  if (total === 0) return "No Salesforce account to score yet.";
  const without = c.unscored > 0 ? `; ${formatCount(c.unscored)} without any measure` : "";
  return `${plural(total, "account")} scored with model version ${c.modelVersion}: ${formatCount(c.red)} red, ${formatCount(c.yellow)} yellow, ${formatCount(c.green)} green${without}`;
}

export function describeKpiCounts(c: { analytics: number; salesforce: number }): string {
  return `KPIs of ${formatCount(c.analytics)} tool accounts and ${formatCount(c.salesforce)} Salesforce accounts`;
}
