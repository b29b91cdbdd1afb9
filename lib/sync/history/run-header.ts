import type { IntegrationSystem, RunKind, RunStatus, SyncRun } from "@/lib/generated/prisma/client";
import { SYSTEM_LABEL } from "@/lib/hub/integrations";
import { elapsedMs } from "@/lib/sync/history/format";
import { LIVE_STATUSES } from "@/lib/sync/history/params";

/** What the history list and the run page both show of a run: who, what, when, how it ended. */
export interface RunHeader {
  id: string;
  integrationId: string;
  system: IntegrationSystem;
  /** "Salesforce", "Pendo", "Gainsight PX" */
  integration: string;
  kind: RunKind;
  trigger: string;
  triggeredBy: string | null;
  status: RunStatus;
  live: boolean;
  startedAt: string;
  finishedAt: string | null;
  /** Until now while the run is unfinished. */
  durationMs: number | null;
  error: string | null;
}

type RunFields = Pick<SyncRun, "id" | "integrationId" | "system" | "kind" | "trigger" | "triggeredBy" | "status" | "startedAt" | "finishedAt" | "error">;

export function runHeader(run: RunFields, now: Date): RunHeader {
  return {
    id: run.id,
    integrationId: run.integrationId,
    system: run.system,
    integration: SYSTEM_LABEL[run.system],
    kind: run.kind,
    trigger: run.trigger,
    triggeredBy: run.triggeredBy,
    status: run.status,
    live: LIVE_STATUSES.includes(run.status),
    startedAt: run.startedAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
    durationMs: run.status === "QUEUED" ? null : elapsedMs(run.startedAt, run.finishedAt, now),
    error: run.error,
  };
}
