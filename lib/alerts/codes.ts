import type { RuleKey } from "@/lib/alerts/settings-schema";

// An alert's code names its rule and, for the rules judged on runs, the kind of run it watches:
// a failing usage refresh and a succeeding pull of the same integration are two states, or each
// would clear the other every hour.

/** The kinds of run rules watch: every kind but PREVIEW, which writes nothing. */
export type RunKindName = "PULL" | "MATCH" | "SYNC" | "USAGE" | "RETRY";

const PREFIX: Record<RuleKey, string> = {
  runFailed: "run-failed",
  rejectedRecords: "run-rejected",
  slowRun: "run-slow",
  fewRecords: "run-few-records",
  apiAllowance: "api-allowance",
  scheduleMissed: "schedule-missed",
  // The code lib/integrations/salesforce-client.ts raised before rules existed: alerts left open
  // under it are the same state.
  reconnectNeeded: "salesforce.reconnect-needed",
};

export const RUN_RULES = ["runFailed", "rejectedRecords", "slowRun", "fewRecords"] as const satisfies readonly RuleKey[];
export const STATE_RULES = ["apiAllowance", "scheduleMissed", "reconnectNeeded"] as const satisfies readonly RuleKey[];
export type RunRuleKey = (typeof RUN_RULES)[number];

export function runRuleCode(rule: RunRuleKey, kind: RunKindName): string {
  return `${PREFIX[rule]}.${kind.toLowerCase()}`;
}

export function stateRuleCode(rule: (typeof STATE_RULES)[number]): string {
  return PREFIX[rule];
}

/** The rule a stored code belongs to, and the kind of run it watches; null for a code no rule owns. */
export function parseAlertCode(code: string): { rule: RuleKey; kind: RunKindName | null } | null {
  for (const rule of STATE_RULES) if (code === PREFIX[rule]) return { rule, kind: null };
  for (const rule of RUN_RULES) {
    const kind = code.startsWith(`${PREFIX[rule]}.`) ? code.slice(PREFIX[rule].length + 1).toUpperCase() : null;
    if (kind === "PULL" || kind === "MATCH" || kind === "SYNC" || kind === "USAGE" || kind === "RETRY") return { rule, kind };
  }
  return null;
}

export const RUN_KIND_WORDS: Record<RunKindName, { one: string; many: string }> = {
  PULL: { one: "pull", many: "pulls" },
  MATCH: { one: "re-match", many: "re-matches" },
  SYNC: { one: "Synchronize", many: "Synchronize runs" },
  USAGE: { one: "usage refresh", many: "usage refreshes" },
  RETRY: { one: "retry", many: "retries" },
};
