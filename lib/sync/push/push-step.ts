import type { Integration, SyncStep } from "@/lib/generated/prisma/client";
import { SYSTEM_LABEL } from "@/lib/hub/integrations";
import { withSalesforce } from "@/lib/integrations/salesforce-client";
import type { ApiBudget } from "@/lib/sync/api-budget";
import { closeCancelledStep, RunCancelled } from "@/lib/sync/cancel";
import { closeStep, mergeCalls, type StepCheckpoint, type StepStats } from "@/lib/sync/runs";
import { stepFailureMessage } from "@/lib/sync/step-error";
import { pushToAnalytics } from "@/lib/sync/push/push-analytics";
import { PushStopped, pushToSalesforce, type PushCounts } from "@/lib/sync/push/push-salesforce";
import type { RecordScope } from "@/lib/sync/retry/record-scope";

// One push step of a run, the same for Synchronize and a retry: a tool's numbers into Salesforce
// ("push.salesforce") or Salesforce fields back into the tool ("push.pendo", "push.px"). It runs the
// push on the step's saved counts and checkpoint (a resumed step goes on from its last chunk), then
// closes the step: succeeded, with a note when records were refused; skipped when the tool's key
// cannot write; failed with a sentence, keeping the checkpoint; or, on a cancel, skipped and the
// cancel passed on to stop the run.

export interface PushStepInput {
  runId: string;
  step: SyncStep;
  tool: Integration;
  salesforce: Integration;
  /** The run's share of the org's API allowance; asked for only when the step writes to Salesforce. */
  budget: () => Promise<ApiBudget>;
  /** A retry: only these records. */
  only?: RecordScope;
  /** Says what the refusals are: "were refused" (a run), "were refused again" (a retry). */
  refusedWords: string;
  /** Names the work in the log when it fails unexpectedly ("push", "write-back", "retry"). */
  what: string;
  /** Runs after the writes and before the step closes (a retry records the records it did not touch). */
  beforeClose?: () => Promise<void>;
}

export interface PushStepResult {
  status: "SUCCEEDED" | "FAILED" | "SKIPPED";
  /** For the run's error: the direction ("PX → Salesforce") and what went wrong; null when nothing did. */
  error: string | null;
  /** The step's API calls by kind, for the run's total. */
  apiCalls: Record<string, number>;
  /** A push into Salesforce's counts, for the run's summary. */
  counts?: { accounts: PushCounts; contacts: PushCounts };
}

const refusedOf = (c: { accounts: PushCounts; contacts: PushCounts }) => c.accounts.rejected + c.contacts.rejected + c.accounts.invalid + c.contacts.invalid;

export async function runPushStep(input: PushStepInput): Promise<PushStepResult> {
  const { step, tool, salesforce } = input;
  const intoSalesforce = step.name === "push.salesforce";
  const stats = (step.stats ?? {}) as StepStats;
  const checkpoint = (step.checkpoint ?? {}) as StepCheckpoint;
  const apiCalls: Record<string, number> = { ...((step.apiCalls ?? {}) as Record<string, number>) };
  const ctx = { runId: input.runId, stepId: step.id, stats, checkpoint, ...(input.only ? { only: input.only } : {}) };
  const label = intoSalesforce ? `${SYSTEM_LABEL[tool.system]} → Salesforce` : `Salesforce → ${SYSTEM_LABEL[tool.system]}`;
  try {
    let counts: { accounts: PushCounts; contacts: PushCounts };
    let skipped: string | null = null;
    if (intoSalesforce) {
      const budget = await input.budget();
      counts = await withSalesforce(
        salesforce,
        async (sf) => {
          try {
            return await pushToSalesforce(sf, { id: tool.id, system: tool.system as "PENDO" | "PX" }, salesforce.id, ctx);
          } finally {
            mergeCalls(apiCalls, sf.apiCalls());
          }
        },
        { budget },
      );
    } else {
      const result = await pushToAnalytics(tool, salesforce.id, { ...ctx, apiCalls });
      counts = result;
      skipped = result.skipped;
    }
    await input.beforeClose?.();
    if (skipped) {
      // A read-only key: nothing was written, and the run says why rather than failing each record.
      await closeStep(step.id, { status: "SKIPPED", stats, apiCalls, error: skipped });
      return { status: "SKIPPED", error: null, apiCalls };
    }
    const refused = refusedOf(counts);
    const note = refused > 0 ? `${refused} record(s) ${input.refusedWords}; the run page lists each with how to fix it.` : null;
    await closeStep(step.id, { status: "SUCCEEDED", stats, apiCalls, error: note });
    return { status: refused > 0 ? "FAILED" : "SUCCEEDED", error: note && `${label}: ${note}`, apiCalls, ...(intoSalesforce ? { counts } : {}) };
  } catch (error) {
    if (error instanceof RunCancelled) {
      await closeCancelledStep(step.id, error, stats, apiCalls);
      throw error;
    }
    const message = error instanceof PushStopped ? error.reason : stepFailureMessage(error, input.what);
    await closeStep(step.id, { status: "FAILED", stats, apiCalls, error: message, keepCheckpoint: true }).catch(() => undefined);
    return { status: "FAILED", error: `${label}: ${message}`, apiCalls };
  }
}
