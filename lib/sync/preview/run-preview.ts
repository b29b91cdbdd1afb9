import type { Integration, Prisma, RunStatus, StepStatus, SyncStep } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { analyticsIntegrations, salesforceIntegration, SYSTEM_LABEL } from "@/lib/hub/integrations";
import { salesforcePullSettings } from "@/lib/integrations/pull-settings";
import type { AnalyticsSystem } from "@/lib/mapping/types";
import { clearCancel, RunCancelled, stopIfCancelled } from "@/lib/sync/cancel";
import { withIntegrationLocks } from "@/lib/sync/locks";
import { requireConnected } from "@/lib/sync/pull/run-pull";
import { commitPushChunk } from "@/lib/sync/push/push-commit";
import { closeRun, closeStep, openRun, openStep, runOutcome, type StepStats } from "@/lib/sync/runs";
import { stepFailureMessage } from "@/lib/sync/step-error";
import { skipRemainingSteps } from "@/lib/sync/synchronize/plan-steps";
import { previewBudget } from "@/lib/sync/preview/preview-budget";
import { previewMatches } from "@/lib/sync/preview/preview-matches";
import { readPreviewSummary, type PreviewMatch, type PreviewSummary } from "@/lib/sync/preview/preview-summary";
import { previewWrites, type PreviewedWrites } from "@/lib/sync/preview/preview-writes";
import { previewNotes } from "@/lib/sync/preview/preview-notes";

// "Preview": what a Synchronize would do now, without doing it. A run of kind PREVIEW with steps
// like a real run's, under the same integration locks (so it never reads a hub a real run is
// halfway through writing), that:
// - matches in memory with the saved rules and compares with the stored links (links untouched);
// - plans both pushes exactly as the real push does (lib/sync/push planWrites) and records each
//   write it would make as a "would-write" result with its fields before → after; no vendor write,
//   no push state, so the next real run still writes all of it;
// - estimates the API calls against Salesforce's allowance (one read of /limits).
// It does not pull: pulling moves the cursors, usage and links a real run relies on. It reads the
// hub as last pulled, and says when that was. A preview writes nothing worth resuming, so a
// killed one is closed (or, when its own job is retried, started again from nothing).

export interface PreviewOptions {
  trigger: "manual" | "cli";
  triggeredBy?: string | null;
  /** A run recorded QUEUED when the job was queued, so the page can follow it from the start. */
  runId?: string;
}

export interface PreviewResult {
  runId: string;
  integrationId: string;
  system: Integration["system"];
  status: RunStatus;
  summary: PreviewSummary | null;
  error?: string;
}

type PreviewStepName = "preview.match" | "preview.push.salesforce" | "preview.push.pendo" | "preview.push.px" | "preview.budget";
interface StepSpec {
  name: PreviewStepName;
  integrationId: string;
}

/** How long a preview waits for a running pull or Synchronize of the same integrations. */
const LOCK_WAIT_SECONDS = 600;
const KILLED = "The worker stopped during this preview. Nothing was written; run Preview again.";

const systemOf = (tool: Integration): AnalyticsSystem => (tool.system === "PENDO" ? "pendo" : "px");

function planPreview(salesforceId: string, scope: readonly Integration[]): StepSpec[] {
  return [
    ...scope.map((t) => ({ name: "preview.match" as const, integrationId: t.id })),
    ...scope.flatMap((t) => [
      { name: "preview.push.salesforce" as const, integrationId: t.id },
      { name: (t.system === "PENDO" ? "preview.push.pendo" : "preview.push.px") as PreviewStepName, integrationId: t.id },
    ]),
    { name: "preview.budget", integrationId: salesforceId },
  ];
}

/**
 * Previews left RUNNING by a killed worker (the caller holds the locks, so no process owns them):
 * closed FAILED, except the one this job is for, which starts again from nothing.
 */
async function settleLeftovers(integrationId: string, runId: string | undefined): Promise<void> {
  const leftovers = await db.syncRun.findMany({ where: { integrationId, kind: "PREVIEW", status: "RUNNING" }, select: { id: true } });
  for (const { id } of leftovers) {
    if (id === runId) {
      await db.syncStep.deleteMany({ where: { runId: id } });
      await db.syncRun.update({ where: { id }, data: { status: "QUEUED", attempts: { increment: 1 } } });
    } else {
      await closeRun(id, "FAILED", KILLED);
    }
  }
}

interface PreviewState {
  runId: string;
  salesforce: Integration;
  tools: Map<string, Integration>;
  outcomes: StepStatus[];
  errors: string[];
  writes: PreviewedWrites[];
  matching: PreviewMatch[];
  summary: Pick<PreviewSummary, "apiCalls" | "budget">;
}

const countsOf = (w: PreviewedWrites): Record<string, number> => {
  const { linked, creates, updates, unchanged, skipped, invalid } = w.object;
  return { linked, creates, updates, unchanged, skipped, invalid };
};

async function writesStep(state: PreviewState, spec: StepSpec, step: SyncStep): Promise<StepStatus> {
  const tool = state.tools.get(spec.integrationId)!;
  const ref = { id: tool.id, system: systemOf(tool) };
  const intoSalesforce = spec.name === "preview.push.salesforce";
  if (!intoSalesforce && !tool.canWrite) {
    // The real run skips the write-back of a read-only key with the same reason.
    const note = `The ${SYSTEM_LABEL[tool.system]} key is read-only: a real run would write nothing back to ${SYSTEM_LABEL[tool.system]} and skip this step.`;
    await closeStep(step.id, { status: "SKIPPED", stats: {}, apiCalls: {}, error: note });
    return "SKIPPED";
  }
  const direction = intoSalesforce ? ({ into: "salesforce" } as const) : ({ into: "tool", roles: await salesforcePullSettings(state.salesforce.id) } as const);
  const stats: StepStats = {};
  for (const entity of ["account", "contact"] as const) {
    await stopIfCancelled(state.runId);
    const planned = await previewWrites(ref, entity, state.salesforce.id, direction);
    stats[entity === "account" ? "accounts" : "contacts"] = countsOf(planned);
    state.writes.push(planned);
    // Results and counts only: the push state stays as the last real run left it.
    await commitPushChunk({ integrationId: tool.id, targetSystem: planned.object.system, object: planned.object.object }, { runId: state.runId, stepId: step.id }, [], planned.results, { stats, checkpoint: null });
  }
  await closeStep(step.id, { status: "SUCCEEDED", stats, apiCalls: {} });
  return "SUCCEEDED";
}

async function matchStep(state: PreviewState, spec: StepSpec, step: SyncStep): Promise<StepStatus> {
  const tool = state.tools.get(spec.integrationId)!;
  const match = await previewMatches({ id: tool.id, system: systemOf(tool) });
  state.matching.push(match);
  await closeStep(step.id, { status: "SUCCEEDED", stats: { accounts: match.accounts, contacts: match.contacts }, apiCalls: {} });
  return "SUCCEEDED";
}

async function budgetStep(state: PreviewState, step: SyncStep): Promise<StepStatus> {
  const writes = { salesforce: 0, pendo: 0, px: 0 };
  for (const w of state.writes) writes[w.object.system] += w.calls;
  const pulled = [
    { system: "salesforce" as const, integrationId: state.salesforce.id },
    ...[...state.tools.values()].map((t) => ({ system: systemOf(t), integrationId: t.id })),
  ];
  const estimate = await previewBudget(state.salesforce, writes, pulled);
  state.summary = { apiCalls: estimate.apiCalls, budget: estimate.budget };
  const { needed, allowed, max, remaining } = estimate.budget;
  await closeStep(step.id, { status: "SUCCEEDED", stats: { salesforce: { needed, allowed, max, remaining } }, apiCalls: estimate.made });
  return "SUCCEEDED";
}

async function runStep(state: PreviewState, spec: StepSpec, position: number): Promise<void> {
  const step = await openStep(state.runId, position, spec.name, spec.integrationId);
  try {
    const status =
      spec.name === "preview.match" ? await matchStep(state, spec, step) : spec.name === "preview.budget" ? await budgetStep(state, step) : await writesStep(state, spec, step);
    if (status !== "SKIPPED") state.outcomes.push(status);
  } catch (error) {
    if (error instanceof RunCancelled) {
      await closeStep(step.id, { status: "SKIPPED", stats: {}, apiCalls: {}, error: `${error.message} Nothing was written.` });
      throw error;
    }
    const message = stepFailureMessage(error, "preview");
    await closeStep(step.id, { status: "FAILED", stats: {}, apiCalls: {}, error: message }).catch(() => undefined);
    state.outcomes.push("FAILED");
    state.errors.push(message);
  }
}

async function lastSalesforcePull(salesforceId: string): Promise<string | null> {
  const step = await db.syncStep.findFirst({ where: { name: "pull", integrationId: salesforceId, status: "SUCCEEDED" }, orderBy: { finishedAt: "desc" }, select: { finishedAt: true } });
  return step?.finishedAt?.toISOString() ?? null;
}

async function finished(runId: string): Promise<PreviewResult | null> {
  const run = await db.syncRun.findUnique({ where: { id: runId } });
  if (!run || run.status === "QUEUED" || run.status === "RUNNING") return null;
  return { runId: run.id, integrationId: run.integrationId, system: run.system, status: run.status, summary: readPreviewSummary(run.scope), ...(run.error ? { error: run.error } : {}) };
}

/** The integrations a preview of `toolId` (null or Salesforce's id: every connected tool) covers. */
async function previewScope(toolId: string | null): Promise<{ salesforce: Integration; scope: Integration[]; owner: Integration }> {
  const salesforce = await salesforceIntegration();
  if (!salesforce || salesforce.status !== "CONNECTED") throw new AppError("CONFLICT", "Connect Salesforce before previewing a sync: every sync pulls from it and pushes into it.");
  requireConnected(salesforce);
  const tools = (await analyticsIntegrations()).filter((t) => t.status !== "DISABLED" && t.status !== "RECONNECT_NEEDED");
  const tool = toolId && toolId !== salesforce.id ? await db.integration.findUnique({ where: { id: toolId } }) : null;
  if (toolId && toolId !== salesforce.id && !tool) throw new AppError("NOT_FOUND", "That integration does not exist; reload the Integrations page.");
  if (tool) requireConnected(tool);
  const scope = tool ? tools.filter((t) => t.id === tool.id) : tools;
  if (scope.length === 0) throw new AppError("CONFLICT", "No Pendo or Gainsight PX integration is connected. Connect one on the Integrations page, then preview.");
  return { salesforce, scope, owner: tool ?? salesforce };
}

/** Previews a Synchronize of one tool (or, given null or Salesforce's id, of every connected tool). */
export async function runPreview(toolId: string | null, opts: PreviewOptions): Promise<PreviewResult> {
  if (opts.runId) {
    // A job whose run already ended (cancelled while queued): nothing left to do.
    const done = await finished(opts.runId);
    if (done) return done;
  }
  const { salesforce, scope, owner } = await previewScope(toolId);
  const locks = [salesforce, ...[...scope].sort((a, b) => a.id.localeCompare(b.id))].map((i) => ({ id: i.id, label: SYSTEM_LABEL[i.system] }));
  return withIntegrationLocks(
    locks,
    async () => {
      await settleLeftovers(owner.id, opts.runId);
      const { run } = await openRun({ integrationId: owner.id, system: owner.system, kind: "PREVIEW", trigger: opts.trigger, triggeredBy: opts.triggeredBy ?? null, runId: opts.runId });
      const specs = planPreview(salesforce.id, scope);
      await db.syncStep.createMany({ data: specs.map((s, position) => ({ runId: run.id, position, name: s.name, integrationId: s.integrationId, status: "PENDING" as const })), skipDuplicates: true });
      const state: PreviewState = { runId: run.id, salesforce, tools: new Map(scope.map((t) => [t.id, t])), outcomes: [], errors: [], writes: [], matching: [], summary: { apiCalls: [], budget: null } };
      const base = { runId: run.id, integrationId: owner.id, system: owner.system };
      try {
        for (const [position, spec] of specs.entries()) {
          await stopIfCancelled(run.id);
          await runStep(state, spec, position);
        }
      } catch (error) {
        if (!(error instanceof RunCancelled)) throw error;
        const message = `${error.message} Nothing was written.`;
        await skipRemainingSteps(run.id, `Not run: ${error.message}`);
        await closeRun(run.id, "CANCELLED", message);
        await clearCancel(run.id);
        return { ...base, status: "CANCELLED", summary: null, error: message };
      }
      const summary: PreviewSummary = {
        preview: true,
        hubPulledAt: await lastSalesforcePull(salesforce.id),
        objects: state.writes.map((w) => w.object),
        samples: state.writes.flatMap((w) => w.samples),
        matching: state.matching,
        ...state.summary,
        notes: [],
      };
      summary.notes = previewNotes(summary);
      const status = runOutcome(state.outcomes.length ? state.outcomes : ["SUCCEEDED"]);
      const error = state.errors[0] ?? null;
      await db.syncRun.update({ where: { id: run.id }, data: { scope: summary as Prisma.InputJsonObject } });
      await closeRun(run.id, status, error);
      return { ...base, status, summary, ...(error ? { error } : {}) };
    },
    { waitSeconds: LOCK_WAIT_SECONDS },
  );
}
