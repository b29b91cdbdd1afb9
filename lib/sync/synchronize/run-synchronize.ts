import type { Integration, RunStatus, StepStatus, SyncRun, SyncStep } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { analyticsIntegrations, salesforceIntegration, SYSTEM_LABEL } from "@/lib/hub/integrations";
import { withSalesforce } from "@/lib/integrations/salesforce-client";
import { withIntegrationLocks } from "@/lib/sync/locks";
import { ApiBudget, runApiBudget } from "@/lib/sync/api-budget";
import { closeRun, mergeCalls, openRun, openStep, type StepStats } from "@/lib/sync/runs";
import { stepFailureMessage } from "@/lib/sync/step-error";
import { runMatchSteps } from "@/lib/sync/match/match-steps";
import { pullChangedAnything, runPullStep } from "@/lib/sync/pull/pull-step";
import { requireConnected } from "@/lib/sync/pull/run-pull";
import type { PushCounts } from "@/lib/sync/push/push-salesforce";
import { runPushStep } from "@/lib/sync/push/push-step";
import { runToolKpiStep, runToolUsageStep, type ClosedStep } from "@/lib/sync/synchronize/tool-steps";
import { planSteps, skipRemainingSteps } from "@/lib/sync/synchronize/plan-steps";
import { runHealthStep } from "@/lib/sync/synchronize/health-step";
import { clearCancel, RunCancelled, stopIfCancelled } from "@/lib/sync/cancel";
import { planSync, type SyncStepSpec, type SyncTool } from "@/lib/sync/synchronize/sync-plan";

export interface SyncSummary {
  runId: string;
  /** The run's integration: the tool synchronized, or Salesforce for "Synchronize all". */
  integrationId: string;
  system: Integration["system"];
  status: "SUCCEEDED" | "PARTIAL" | "FAILED" | "CANCELLED";
  resumed: boolean;
  /** Each tool's push into Salesforce, by integration id. */
  pushes: Record<string, { accounts: PushCounts; contacts: PushCounts }>;
  /** The pushes into Salesforce added up over the tools; null when none ran. */
  push: { accounts: PushCounts; contacts: PushCounts } | null;
  /** Every API call of the run, by kind, across the three systems. */
  apiCalls: Record<string, number>;
  error?: string;
}

export interface SyncOptions {
  trigger: string;
  triggeredBy?: string | null;
  /** A run created QUEUED when the job was queued, so the page can follow it from the start. */
  runId?: string;
}

/** How long a Synchronize waits for another run holding Salesforce or its tool before giving up. */
const LOCK_WAIT_SECONDS = 600;

interface RunState {
  run: SyncRun;
  salesforce: Integration;
  tools: Map<string, Integration>;
  apiCalls: Record<string, number>;
  pushes: SyncSummary["pushes"];
  changed: { salesforce: boolean; tools: Set<string> };
  /** The run's share of the org's API allowance, charged by every Salesforce request of the run. */
  budget: ApiBudget;
  /** Tools whose pull failed: their later steps are skipped, the other tools go on. */
  failedTools: Set<string>;
  outcomes: StepStatus[];
  errors: string[];
}

function failStep(state: RunState, message: string) {
  state.outcomes.push("FAILED");
  state.errors.push(message);
}

async function pullStep(state: RunState, spec: SyncStepSpec, step: SyncStep): Promise<"stop" | "go"> {
  const integration = spec.integrationId === state.salesforce.id ? state.salesforce : state.tools.get(spec.integrationId)!;
  try {
    const { stats, apiCalls } = await runPullStep(integration, state.run.id, step, { budget: state.budget });
    mergeCalls(state.apiCalls, apiCalls);
    if (pullChangedAnything(stats)) {
      if (integration.system === "SALESFORCE") state.changed.salesforce = true;
      else state.changed.tools.add(integration.id);
    }
    state.outcomes.push("SUCCEEDED");
    return "go";
  } catch (error) {
    if (error instanceof RunCancelled) throw error;
    const message = stepFailureMessage(error, "pull");
    failStep(state, `${SYSTEM_LABEL[integration.system]}: ${message}`);
    // Pushing what a failed pull left would push stale numbers.
    if (integration.system === "SALESFORCE") return "stop";
    state.failedTools.add(integration.id);
    return "go";
  }
}

/** A push step (into Salesforce, or back into the tool), counted into the run. */
async function pushStep(state: RunState, spec: SyncStepSpec, step: SyncStep): Promise<void> {
  const tool = state.tools.get(spec.integrationId)!;
  const result = await runPushStep({
    runId: state.run.id,
    step,
    tool,
    salesforce: state.salesforce,
    budget: async () => state.budget,
    refusedWords: "were refused",
    what: spec.name === "push.salesforce" ? "push" : "write-back",
  });
  mergeCalls(state.apiCalls, result.apiCalls);
  if (result.counts) state.pushes[tool.id] = result.counts;
  if (result.status === "SKIPPED") return;
  state.outcomes.push(result.status);
  if (result.error) state.errors.push(result.error);
}

/** Counts a closed usage or KPI step into the run: its API calls, its outcome, and why it failed. */
function countToolStep(state: RunState, closed: ClosedStep, label: string): void {
  mergeCalls(state.apiCalls, closed.apiCalls);
  if (closed.outcome === "FAILED") failStep(state, `${label}: ${closed.error}`);
  else if (closed.outcome) state.outcomes.push(closed.outcome);
}

/** A failed ingestion does not stop the pushes (they do not read usage yet); the next sync resumes the rollups. */
async function usageStep(state: RunState, spec: SyncStepSpec, step: SyncStep): Promise<void> {
  const tool = state.tools.get(spec.integrationId)!;
  countToolStep(state, await runToolUsageStep(state.run.id, tool, step), `${SYSTEM_LABEL[tool.system]} usage`);
}

async function kpiStep(state: RunState, spec: SyncStepSpec, step: SyncStep): Promise<void> {
  const tool = state.tools.get(spec.integrationId)!;
  countToolStep(state, await runToolKpiStep(state.run.id, tool, step), `${SYSTEM_LABEL[tool.system]} KPIs`);
}

async function runSteps(state: RunState, specs: readonly SyncStepSpec[]): Promise<void> {
  for (const [position, spec] of specs.entries()) {
    // Between steps is a boundary too: a cancel asked during a match stops before the next step.
    await stopIfCancelled(state.run.id);
    const planned = await db.syncStep.findUnique({ where: { runId_position: { runId: state.run.id, position } } });
    if (planned?.status === "SUCCEEDED" || planned?.status === "SKIPPED") {
      // A resumed run: what its finished pulls changed still decides which tools are re-matched.
      if (spec.name === "pull" && pullChangedAnything((planned.stats ?? {}) as StepStats)) {
        if (spec.integrationId === state.salesforce.id) state.changed.salesforce = true;
        else state.changed.tools.add(spec.integrationId);
      }
      continue;
    }
    if (spec.name !== "pull" && spec.name !== "match" && state.failedTools.has(spec.integrationId)) {
      await db.syncStep.update({ where: { runId_position: { runId: state.run.id, position } }, data: { status: "SKIPPED", error: "Not run: this tool's pull failed.", finishedAt: new Date() } });
      continue;
    }
    if (spec.name === "match") {
      const changed = state.changed.salesforce || state.changed.tools.has(spec.integrationId);
      const result = await runMatchSteps(state.run, position, [spec.integrationId], changed);
      state.outcomes.push(...result.outcomes);
      state.errors.push(...result.errors);
      continue;
    }
    const step = await openStep(state.run.id, position, spec.name, spec.integrationId);
    if (spec.name === "pull") {
      if ((await pullStep(state, spec, step)) === "stop") {
        await skipRemainingSteps(state.run.id, "Not run: the Salesforce pull failed, and pushing without it would write stale values.");
        return;
      }
    } else if (spec.name === "usage") await usageStep(state, spec, step);
    else if (spec.name === "kpis") await kpiStep(state, spec, step);
    else if (spec.name === "health") countToolStep(state, await runHealthStep(step), "Account health");
    else await pushStep(state, spec, step);
  }
}

/** A cancel stopped the run at a boundary: the steps not run are SKIPPED, the run CANCELLED. */
async function cancelledSummary(state: RunState, error: RunCancelled, owner: Integration, resumed: boolean): Promise<SyncSummary> {
  const message = `${error.message} The run stopped at a batch boundary: everything it wrote before is kept and listed; nothing is half-written.`;
  await skipRemainingSteps(state.run.id, `Not run: ${error.message}`);
  await closeRun(state.run.id, "CANCELLED", message);
  await clearCancel(state.run.id);
  const push = addPushes(Object.values(state.pushes));
  return { runId: state.run.id, integrationId: owner.id, system: owner.system, status: "CANCELLED", resumed, pushes: state.pushes, push, apiCalls: state.apiCalls, error: message };
}

function finishedSummary(run: SyncRun): SyncSummary {
  const status = run.status === "SUCCEEDED" || run.status === "PARTIAL" || run.status === "CANCELLED" ? run.status : "FAILED";
  return { runId: run.id, integrationId: run.integrationId, system: run.system, status, resumed: false, pushes: {}, push: null, apiCalls: {}, ...(run.error ? { error: run.error } : {}) };
}

function addPushes(pushes: readonly { accounts: PushCounts; contacts: PushCounts }[]): SyncSummary["push"] {
  if (pushes.length === 0) return null;
  const add = (a: PushCounts, b: PushCounts): PushCounts => Object.fromEntries(Object.keys(a).map((k) => [k, a[k as keyof PushCounts] + b[k as keyof PushCounts]])) as unknown as PushCounts;
  return pushes.reduce((sum, p) => ({ accounts: add(sum.accounts, p.accounts), contacts: add(sum.contacts, p.contacts) }));
}

function outcome(outcomes: readonly StepStatus[]): RunStatus {
  const failed = outcomes.filter((s) => s === "FAILED").length;
  if (failed === 0) return "SUCCEEDED";
  return failed === outcomes.length ? "FAILED" : "PARTIAL";
}

async function connectedTools(): Promise<Integration[]> {
  return (await analyticsIntegrations()).filter((t) => t.status !== "DISABLED" && t.status !== "RECONNECT_NEEDED");
}

/**
 * Synchronize: one run of the whole flow for one tool (`toolId`) or every connected tool (null),
 * holding the run locks of Salesforce and those tools (so no pull or other sync of them runs at the
 * same time). A run left RUNNING by a killed worker is resumed: finished steps are skipped, a push
 * continues after its last committed chunk.
 */
export async function runSynchronize(toolId: string | null, opts: SyncOptions): Promise<SyncSummary> {
  if (opts.runId) {
    // The job of a run that already ended (run here and now from the command line, or cancelled):
    // it has nothing left to do, and running it would make a second run nobody asked for.
    const queued = await db.syncRun.findUnique({ where: { id: opts.runId } });
    if (queued && queued.status !== "QUEUED" && queued.status !== "RUNNING") return finishedSummary(queued);
  }
  const salesforce = await salesforceIntegration();
  if (!salesforce || salesforce.status !== "CONNECTED") throw new AppError("CONFLICT", "Connect Salesforce before synchronizing: every sync pulls from it and pushes into it.");
  requireConnected(salesforce);
  const tools = await connectedTools();
  let scope = tools;
  if (toolId) {
    const tool = await db.integration.findUnique({ where: { id: toolId } });
    if (!tool) throw new AppError("NOT_FOUND", "That integration does not exist; reload the Integrations page.");
    if (tool.system === "SALESFORCE") return runSynchronize(null, opts);
    requireConnected(tool);
    scope = tools.filter((t) => t.id === tool.id);
  }
  if (scope.length === 0) throw new AppError("CONFLICT", "No Pendo or Gainsight PX integration is connected. Connect one on the Integrations page, then synchronize.");
  const owner = toolId ? scope[0]! : salesforce;
  const locks = [salesforce, ...[...scope].sort((a, b) => a.id.localeCompare(b.id))].map((i) => ({ id: i.id, label: SYSTEM_LABEL[i.system] }));
  return withIntegrationLocks(
    locks,
    async () => {
      const { run, resumed } = await openRun({ integrationId: owner.id, system: owner.system, kind: "SYNC", trigger: opts.trigger, triggeredBy: opts.triggeredBy ?? null, runId: opts.runId });
      const specs = planSync(salesforce.id, tools.map((t) => ({ id: t.id, system: t.system as SyncTool["system"] })), scope.map((t) => ({ id: t.id, system: t.system as SyncTool["system"] })));
      await planSteps(run.id, specs);
      const budget = await withSalesforce(salesforce, (sf) => runApiBudget(salesforce, sf));
      const state: RunState = {
        run,
        budget,
        salesforce,
        tools: new Map(tools.map((t) => [t.id, t])),
        apiCalls: {},
        pushes: {},
        changed: { salesforce: false, tools: new Set() },
        failedTools: new Set(),
        outcomes: [],
        errors: [],
      };
      try {
        await runSteps(state, specs);
      } catch (error) {
        if (!(error instanceof RunCancelled)) throw error;
        return cancelledSummary(state, error, owner, resumed);
      }
      const status = outcome(state.outcomes.length ? state.outcomes : ["SUCCEEDED"]) as SyncSummary["status"];
      const error = state.errors[0] ?? null;
      await closeRun(run.id, status, error);
      return { runId: run.id, integrationId: owner.id, system: owner.system, status, resumed, pushes: state.pushes, push: addPushes(Object.values(state.pushes)), apiCalls: state.apiCalls, ...(error ? { error } : {}) };
    },
    { waitSeconds: LOCK_WAIT_SECONDS },
  );
}
