import { isDeepStrictEqual } from "node:util";
import { RULE_TITLES, THRESHOLD_RULE_KEYS, THRESHOLD_RULES, type AlertRules, type Thresholds, type ThresholdRuleKey } from "@/lib/alerts/settings-schema";
import type { ConfigSchedules, PortableMapping } from "@/lib/config/config-schema";
import { apiBudgetText } from "@/lib/integrations/api-budget-setting";
import type { SalesforcePullSettings } from "@/lib/integrations/pull-settings";
import type { KpiSettings } from "@/lib/kpis/kpi-settings";
import { sourceKey } from "@/lib/mapping/mapping-schema";
import { criterionLabel, type AccountCriterion, type ContactCriterion, type MatchRules } from "@/lib/matching/rules";
import { ACTION_LABEL, SCHEDULE_ACTIONS, type ScheduleAction } from "@/lib/sync/schedules/defaults";
import type { ScheduleInput } from "@/lib/sync/schedules/schedule-schema";

// What an import would change, item by item, in words an admin recognises from the pages. Pure:
// the preview computes it, the apply writes a section only when its list is not empty, so the same
// file imported twice changes nothing the second time.

export interface ConfigChange {
  kind: "added" | "removed" | "changed";
  /** What the change is about: a setting, a criterion, a mapping. */
  item: string;
  before?: string;
  after?: string;
}

const PULL_SETTING_LABELS: Record<keyof SalesforcePullSettings, string> = {
  accountObject: "Account source object",
  accountNameField: "Account name field",
  accountWebsiteField: "Account website field",
  contactObject: "Contact source object",
  contactEmailField: "Contact email field",
  contactPhoneField: "Contact phone field",
  contactAccountField: "Contact's account field",
  firstPullMonths: "First pull window",
  lookbackSeconds: "Look-back of later pulls",
  bulkThreshold: "Bulk API above this many changed records",
  pageSize: "Records per page",
  apiBudget: "API budget",
};

function pullSettingText(key: keyof SalesforcePullSettings, value: unknown): string {
  if (key === "firstPullMonths") return value === null ? "everything" : `the last ${String(value)} months`;
  if (key === "lookbackSeconds") return `${String(value)} seconds`;
  if (key === "apiBudget") return apiBudgetText(value as SalesforcePullSettings["apiBudget"]);
  return String(value);
}

/** Salesforce pull settings, one change per setting whose value differs. */
export function diffPullSettings(before: SalesforcePullSettings, after: SalesforcePullSettings): ConfigChange[] {
  const keys = Object.keys(PULL_SETTING_LABELS) as (keyof SalesforcePullSettings)[];
  return keys
    .filter((key) => !isDeepStrictEqual(before[key], after[key]))
    .map((key) => ({ kind: "changed", item: PULL_SETTING_LABELS[key], before: pullSettingText(key, before[key]), after: pullSettingText(key, after[key]) }));
}

type Criterion = AccountCriterion | ContactCriterion;

/** Which criterion this is, whatever its options: a name match is one criterion, exact or not. */
function criterionKey(c: Criterion): string {
  return c.kind === "customField" ? `customField\u0000${c.salesforceField}\u0000${c.analyticsField}` : c.kind;
}

const RULE_LISTS = [
  ["accounts", "Accounts"],
  ["contacts", "Users"],
] as const;

/**
 * Matching rules, per list: criteria added (with their position, since the first criterion that
 * finds one record wins), removed, changed (a name match made exact), and the order when the
 * criteria both lists share were reordered.
 */
export function diffMatchRules(before: MatchRules, after: MatchRules): ConfigChange[] {
  const changes: ConfigChange[] = [];
  for (const [list, noun] of RULE_LISTS) {
    const was: Criterion[] = before[list];
    const now: Criterion[] = after[list];
    const wasByKey = new Map(was.map((c) => [criterionKey(c), c]));
    const nowKeys = new Set(now.map(criterionKey));
    now.forEach((c, i) => {
      const old = wasByKey.get(criterionKey(c));
      if (!old) changes.push({ kind: "added", item: `${noun}: ${criterionLabel(c)}`, after: `criterion ${i + 1} of ${now.length}` });
      else if (!isDeepStrictEqual(old, c)) changes.push({ kind: "changed", item: `${noun}: ${criterionLabel(c)}`, before: criterionLabel(old), after: criterionLabel(c) });
    });
    for (const c of was) if (!nowKeys.has(criterionKey(c))) changes.push({ kind: "removed", item: `${noun}: ${criterionLabel(c)}` });
    const shared = (list: Criterion[], other: Set<string>) => list.map(criterionKey).filter((k) => other.has(k));
    if (!isDeepStrictEqual(shared(was, nowKeys), shared(now, new Set(wasByKey.keys())))) {
      const order = (list: Criterion[]) => list.map(criterionLabel).join(" → ");
      changes.push({ kind: "changed", item: `${noun}: order of the criteria`, before: order(was), after: order(now) });
    }
  }
  return changes;
}

const ENTITY_WORD = { account: "Accounts", contact: "Contacts and users" } as const;
const DIRECTION_WORD = { "push-to-salesforce": "pushed to Salesforce", "pull-from-salesforce": "pulled from Salesforce" } as const;

/** Which mapping this is: one target field per entity and direction (checkMappingSet refuses two). */
function mappingKey(m: PortableMapping): string {
  return `${m.entity}\u0000${m.direction}\u0000${m.targetField.toLowerCase()}`;
}

export function describeMapping(m: PortableMapping): string {
  return `${sourceKey(m.source)} → ${m.targetField}, write ${m.writeMode}${m.owner ? `, owned by ${m.owner}` : ""}`;
}

/**
 * Field mappings: added, removed, and changed (another source, write mode or owner for the same
 * target). Order carries no meaning here (one target is written by one mapping), so a file that
 * only lists the same mappings in another order changes nothing.
 */
export function diffFieldMappings(before: readonly PortableMapping[], after: readonly PortableMapping[]): ConfigChange[] {
  const changes: ConfigChange[] = [];
  const was = new Map(before.map((m) => [mappingKey(m), m]));
  const now = new Set(after.map(mappingKey));
  const item = (m: PortableMapping) => `${ENTITY_WORD[m.entity]} ${DIRECTION_WORD[m.direction]}: ${m.targetField}`;
  for (const m of after) {
    const old = was.get(mappingKey(m));
    if (!old) changes.push({ kind: "added", item: item(m), after: describeMapping(m) });
    else if (!isDeepStrictEqual(old, m)) changes.push({ kind: "changed", item: item(m), before: describeMapping(old), after: describeMapping(m) });
  }
  for (const m of before) if (!now.has(mappingKey(m))) changes.push({ kind: "removed", item: item(m), before: describeMapping(m) });
  return changes;
}

/** A schedule differs when its timing or whether it runs does; the apply saves exactly these. */
export function scheduleDiffers(before: ScheduleInput, after: ScheduleInput): boolean {
  return before.cron !== after.cron || before.timezone !== after.timezone || before.paused !== after.paused;
}

const timingText = (s: ScheduleInput) => `${s.cron} ${s.timezone}`;
const runningText = (s: ScheduleInput) => (s.paused ? "paused" : "running");

/**
 * One system's schedules, one change per schedule the file sets otherwise: its timing
 * ("0 3,11,19 * * * UTC → 0 6 * * * Europe/Paris"), whether it runs ("paused → running"), or both
 * in one line. A schedule the file leaves out is left as it is, so it is no change. `system` is the
 * label the pages use ("Gainsight PX").
 */
export function diffSchedules(system: string, before: Partial<Record<ScheduleAction, ScheduleInput>>, after: ConfigSchedules): ConfigChange[] {
  const changes: ConfigChange[] = [];
  for (const action of SCHEDULE_ACTIONS) {
    // The file holds only actions the system runs, and the installation has each of those (saved or default).
    const was = before[action];
    const now = after[action];
    if (!was || !now || !scheduleDiffers(was, now)) continue;
    const timing = timingText(was) !== timingText(now);
    const running = was.paused !== now.paused;
    const text = (s: ScheduleInput) => [timing ? timingText(s) : null, running ? runningText(s) : null].filter(Boolean).join(", ");
    changes.push({ kind: "changed", item: `${system} ${ACTION_LABEL[action]}`, before: text(was), after: text(now) });
  }
  return changes;
}

const KPI_FIELD_LABELS = { licensedSeatsField: "Licensed seats field", contractedFeaturesField: "Contracted features field" } as const;

/**
 * KPI settings: each Salesforce account field chosen otherwise ("none" when unset), and each core
 * feature marked or unmarked, by the name `featureName` gives it (its id when the tool lists none).
 * Core features are a set, as the save keeps them: another order is no change.
 */
export function diffKpiSettings(before: KpiSettings, after: KpiSettings, featureName: (id: string) => string = (id) => id): ConfigChange[] {
  const changes: ConfigChange[] = [];
  for (const key of ["licensedSeatsField", "contractedFeaturesField"] as const) {
    if (before[key] !== after[key]) changes.push({ kind: "changed", item: KPI_FIELD_LABELS[key], before: before[key] ?? "none", after: after[key] ?? "none" });
  }
  const was = new Set(before.coreFeatureIds);
  const now = new Set(after.coreFeatureIds);
  for (const id of now) if (!was.has(id)) changes.push({ kind: "added", item: `Core feature: ${featureName(id)}` });
  for (const id of was) if (!now.has(id)) changes.push({ kind: "removed", item: `Core feature: ${featureName(id)}` });
  return changes;
}

/** The Salesforce account field holding the CSM; `object` is the account object it is on. */
export function diffCsmSettings(before: { fieldName: string }, after: { fieldName: string }, object: string): ConfigChange[] {
  if (before.fieldName === after.fieldName) return [];
  return [{ kind: "changed", item: "CSM field (a lookup to User)", before: `${object}.${before.fieldName}`, after: `${object}.${after.fieldName}` }];
}

const COMPARISON_WORD = { atLeast: "from", above: "above", below: "below" } as const;

/** "WARNING from 1, CRITICAL from 3 failed runs in a row", as the Alerts page reads a rule's thresholds. */
function thresholdsText(key: ThresholdRuleKey, t: Thresholds): string {
  const meta = THRESHOLD_RULES[key];
  const level = (name: string, value: number | null) => (value === null ? `no ${name}` : `${name} ${COMPARISON_WORD[meta.comparison]} ${value}`);
  return `${level("WARNING", t.warning)}, ${level("CRITICAL", t.critical)} ${meta.unit}`;
}

const onOff = (enabled: boolean) => (enabled ? "on" : "off");

/**
 * Alert rules, one change per rule set otherwise: its thresholds (or, for Reconnect needed, its
 * level), whether it is on, or both in one line.
 */
export function diffAlertRules(before: AlertRules, after: AlertRules): ConfigChange[] {
  const changes: ConfigChange[] = [];
  const push = (key: keyof AlertRules, levels: [string, string] | null, was: boolean, now: boolean) => {
    const running = was !== now;
    if (!levels && !running) return;
    const text = (level: string | undefined, enabled: boolean) => [level, running ? onOff(enabled) : null].filter(Boolean).join(", ");
    changes.push({ kind: "changed", item: `Alert rule: ${RULE_TITLES[key]}`, before: text(levels?.[0], was), after: text(levels?.[1], now) });
  };
  for (const key of THRESHOLD_RULE_KEYS) {
    const was = before[key];
    const now = after[key];
    const levels = was.warning !== now.warning || was.critical !== now.critical ? ([thresholdsText(key, was), thresholdsText(key, now)] as [string, string]) : null;
    push(key, levels, was.enabled, now.enabled);
  }
  const was = before.reconnectNeeded;
  const now = after.reconnectNeeded;
  push("reconnectNeeded", was.level !== now.level ? [was.level, now.level] : null, was.enabled, now.enabled);
  return changes;
}
