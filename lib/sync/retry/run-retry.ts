import { db } from "@/lib/db";
import type { Integration, RunStatus, StepStatus, SyncRun, SyncStep } from "@/lib/generated/prisma/client";
import { AppError } from "@/lib/errors";
import { salesforceIntegration, SYSTEM_LABEL } from "@/lib/hub/integrations";
import { withSalesforce } from "@/lib/integrations/salesforce-client";
import { runApiBudget, type ApiBudget } from "@/lib/sync/api-budget";
import { clearCancel, RunCancelled, stopIfCancelled } from "@/lib/sync/cancel";
import { withIntegrationLocks } from "@/lib/sync/locks";
import { closeRun, openStep, runOutcome } from "@/lib/sync/runs";
import { runPushStep } from "@/lib/sync/push/push-step";
import { planSteps, skipRemainingSteps } from "@/lib/sync/synchronize/plan-steps";
import type { SyncStepSpec } from "@/lib/sync/synchronize/sync-plan";
import { recordUntouched } from "@/lib/sync/retry/record-untouched";
import { retryScopeSchema, type ScopedRecord } from "@/lib/sync/retry/record-scope";

// A retry is a run of its own (kind RETRY): only the push steps of the tools whose writes failed,
// each limited to the failed records, with the hub's current values (no pull, no match). It holds
// the same run locks as Synchronize (Salesforce and those tools), so it never writes beside a sync
// of the same integration. Its job carries the run id; a worker killed mid-retry leaves the run
// RUNNING, and the job's next attempt resumes it: finished steps are skipped, a push continues
// after its last committed chunk (the records it wrote now plan as unchanged).

export interface RetrySummary {
  runId: string;
  status: RunStatus;
  resumed: boolean;
  error?: string;
}

/** How long a retry waits for a sync or pull of the same integrations to finish. */
const LOCK_WAIT_SECONDS = 600;

const toolStep = (tool: Integration) => (tool.system === "PENDO" ? "push.pendo" : "push.px") as SyncStepSpec["name"];

/** Each tool's push into Salesforce, then its write-back, as Synchronize orders them; only those with records. */
function retrySteps(records: readonly ScopedRecord[], tools: readonly Integration[]): SyncStepSpec[] {
  return tools.flatMap((tool) => {
    const mine = records.filter((r) => r.integrationId === tool.id);
    return [
      ...(mine.some((r) => r.system === "salesforce") ? [{ name: "push.salesforce" as const, integrationId: tool.id }] : []),
      ...(mine.some((r) => r.system !== "salesforce") ? [{ name: toolStep(tool), integrationId: tool.id }] : []),
    ];
  });
}

/** QUEUED → RUNNING; a RUNNING one (its worker was killed; we hold the locks, so no one else runs it) is resumed. */
async function claim(runId: string): Promise<{ run: SyncRun; resumed: boolean } | null> {
  const now = new Date();
  const started = await db.syncRun.updateMany({ where: { id: runId, status: "QUEUED" }, data: { status: "RUNNING", startedAt: now, heartbeatAt: now } });
  if (started.count === 1) return { run: await db.syncRun.findUniqueOrThrow({ where: { id: runId } }), resumed: false };
  const resumed = await db.syncRun.updateMany({ where: { id: runId, status: "RUNNING" }, data: { attempts: { increment: 1 }, heartbeatAt: now } });
  if (resumed.count === 1) return { run: await db.syncRun.findUniqueOrThrow({ where: { id: runId } }), resumed: true };
  return null;
}

interface RetryState {
  run: SyncRun;
  salesforce: Integration;
  tools: Map<string, Integration>;
  records: ScopedRecord[];
  budget: ApiBudget | null;
  outcomes: StepStatus[];
  errors: string[];
}

async function pushStep(state: RetryState, spec: SyncStepSpec, step: SyncStep): Promise<void> {
  const tool = state.tools.get(spec.integrationId)!;
  const intoSalesforce = spec.name === "push.salesforce";
  const only = state.records.filter((r) => r.integrationId === tool.id && (r.system === "salesforce") === intoSalesforce);
  const result = await runPushStep({
    runId: state.run.id,
    step,
    tool,
    salesforce: state.salesforce,
    budget: async () => (state.budget ??= await withSalesforce(state.salesforce, (sf) => runApiBudget(state.salesforce, sf))),
    only,
    refusedWords: "were refused again",
    what: "retry",
    beforeClose: () => recordUntouched(state.run.id, step.id, tool.id, only),
  });
  if (result.status === "SKIPPED") return;
  state.outcomes.push(result.status);
  if (result.error) state.errors.push(result.error);
}

async function runSteps(state: RetryState, specs: readonly SyncStepSpec[]): Promise<void> {
  for (const [position, spec] of specs.entries()) {
    await stopIfCancelled(state.run.id);
    const planned = await db.syncStep.findUnique({ where: { runId_position: { runId: state.run.id, position } } });
    if (planned?.status === "SUCCEEDED" || planned?.status === "SKIPPED") continue;
    const tool = state.tools.get(spec.integrationId);
    if (!tool || !tool.secrets || tool.status === "DISABLED" || tool.status === "RECONNECT_NEEDED") {
      const label = tool ? SYSTEM_LABEL[tool.system] : "This integration";
      const message = `${label} is not connected: nothing was written. Reconnect it on the Integrations page, then retry again.`;
      await db.syncStep.update({ where: { runId_position: { runId: state.run.id, position } }, data: { status: "FAILED", error: message, finishedAt: new Date() } });
      state.outcomes.push("FAILED");
      state.errors.push(message);
      continue;
    }
    await pushStep(state, spec, await openStep(state.run.id, position, spec.name, spec.integrationId));
  }
}

/** Ends a run that could not start, with the sentence saying why. */
async function refuse(run: SyncRun, message: string): Promise<RetrySummary> {
  await skipRemainingSteps(run.id, `Not run: ${message}`);
  await closeRun(run.id, "FAILED", message);
  return { runId: run.id, status: "FAILED", resumed: false, error: message };
}

/** Carries out the retry run `runId` (created QUEUED by enqueueRetry). */
export async function runRetry(runId: string): Promise<RetrySummary> {
  const queued = await db.syncRun.findUnique({ where: { id: runId } });
  if (!queued || queued.kind !== "RETRY") throw new AppError("NOT_FOUND", `There is no retry run ${runId}; it may have been cleaned up.`);
  // Already ended (cancelled while queued, or finished by an earlier attempt): nothing left to do.
  if (queued.status !== "QUEUED" && queued.status !== "RUNNING") return { runId, status: queued.status, resumed: false, ...(queued.error ? { error: queued.error } : {}) };
  const scope = retryScopeSchema.safeParse(queued.scope);
  if (!scope.success) return refuse(queued, "The records this retry is for could not be read. Start the retry again from the run page.");
  const salesforce = await salesforceIntegration();
  if (!salesforce || salesforce.status !== "CONNECTED") return refuse(queued, "Salesforce is not connected. Connect it on the Integrations page, then retry again.");
  const records = scope.data.records;
  const tools = (await db.integration.findMany({ where: { id: { in: [...new Set(records.map((r) => r.integrationId))] } } })).sort((a, b) => a.id.localeCompare(b.id));
  const locks = [salesforce, ...tools].map((i) => ({ id: i.id, label: SYSTEM_LABEL[i.system] }));
  return withIntegrationLocks(
    locks,
    async () => {
      const claimed = await claim(runId);
      if (!claimed) {
        const ended = await db.syncRun.findUniqueOrThrow({ where: { id: runId } });
        return { runId, status: ended.status, resumed: false, ...(ended.error ? { error: ended.error } : {}) };
      }
      const { run, resumed } = claimed;
      const specs = retrySteps(records, tools);
      await planSteps(run.id, specs);
      const state: RetryState = { run, salesforce, tools: new Map(tools.map((t) => [t.id, t])), records, budget: null, outcomes: [], errors: [] };
      try {
        await runSteps(state, specs);
      } catch (error) {
        if (!(error instanceof RunCancelled)) throw error;
        const message = `${error.message} The retry stopped at a batch boundary: what it wrote before is kept and listed.`;
        await skipRemainingSteps(run.id, `Not run: ${error.message}`);
        await closeRun(run.id, "CANCELLED", message);
        await clearCancel(run.id);
        return { runId, status: "CANCELLED", resumed, error: message };
      }
      const status = runOutcome(state.outcomes.length ? state.outcomes : ["SUCCEEDED"]);
      const error = state.errors[0] ?? null;
      await closeRun(run.id, status, error);
      return { runId, status, resumed, ...(error ? { error } : {}) };
    },
    { waitSeconds: LOCK_WAIT_SECONDS },
  );
}
