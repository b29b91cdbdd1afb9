import type { IntegrationSystem, StepStatus } from "@/lib/generated/prisma/client";

// How far a Synchronize is, for the card's progress bar: which step of how many, and inside a push
// step how many records of how many are written. Its steps are planned when the run starts, so the
// count is known from the first second.

export interface SyncStepRow {
  position: number;
  name: string;
  integrationId: string;
  status: StepStatus;
  stats: unknown;
}

export interface SyncProgress {
  /** 1-based: the step running now (or the last one, when none runs). */
  step: number;
  steps: number;
  label: string;
  /** Records done and to do in the running push step; null for pulls and matches. */
  done: number | null;
  total: number | null;
  /** 0–100 over the whole run. */
  percent: number;
}

export interface SyncCounts {
  written: number;
  unchanged: number;
  skipped: number;
  failed: number;
}

const LABEL: Record<IntegrationSystem, string> = { SALESFORCE: "Salesforce", PENDO: "Pendo", PX: "Gainsight PX" };

function stepLabel(step: SyncStepRow, systems: ReadonlyMap<string, IntegrationSystem>): string {
  const system = LABEL[systems.get(step.integrationId) ?? "SALESFORCE"];
  switch (step.name) {
    case "pull":
      return `Pulling ${system}`;
    case "match":
      return `Matching ${system}`;
    case "usage":
      return `Reading ${system} usage`;
    case "kpis":
      return `Computing ${system} KPIs`;
    case "health":
      return "Scoring account health";
    case "push.salesforce":
      return `Pushing ${system} → Salesforce`;
    default:
      return `Writing Salesforce → ${system}`;
  }
}

const n = (v: unknown) => (typeof v === "number" ? v : 0);
const objects = (stats: unknown) => Object.values((stats ?? {}) as Record<string, Record<string, unknown>>).filter((o) => o && typeof o === "object");

/** Records done and to do of one push step, from its per-object counts. */
function pushProgress(stats: unknown): { done: number; total: number } {
  let done = 0;
  let total = 0;
  for (const o of objects(stats)) {
    done += n(o.written) + n(o.rejected);
    total += n(o.total);
  }
  return { done, total };
}

export function syncProgress(steps: readonly SyncStepRow[], systems: ReadonlyMap<string, IntegrationSystem>): SyncProgress | null {
  if (steps.length === 0) return null;
  const ordered = [...steps].sort((a, b) => a.position - b.position);
  const finished = ordered.filter((s) => s.status === "SUCCEEDED" || s.status === "FAILED" || s.status === "SKIPPED").length;
  const current = ordered.find((s) => s.status === "RUNNING") ?? ordered.find((s) => s.status === "PENDING") ?? ordered[ordered.length - 1]!;
  const isPush = current.name.startsWith("push.") && current.status === "RUNNING";
  const { done, total } = isPush ? pushProgress(current.stats) : { done: 0, total: 0 };
  const within = isPush && total > 0 ? Math.min(1, done / total) : 0;
  return {
    step: ordered.indexOf(current) + 1,
    steps: ordered.length,
    label: stepLabel(current, systems),
    done: isPush ? done : null,
    total: isPush ? total : null,
    percent: Math.round(((finished + within) / ordered.length) * 100),
  };
}

/** What a run's push steps did, both ways, added up. */
export function syncCounts(steps: readonly SyncStepRow[]): SyncCounts {
  const counts: SyncCounts = { written: 0, unchanged: 0, skipped: 0, failed: 0 };
  for (const step of steps) {
    if (!step.name.startsWith("push.")) continue;
    for (const o of objects(step.stats)) {
      counts.written += n(o.written);
      counts.unchanged += n(o.unchanged);
      counts.skipped += n(o.skipped);
      counts.failed += n(o.rejected) + n(o.invalid);
    }
  }
  return counts;
}
