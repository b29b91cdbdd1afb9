import { db } from "@/lib/db";
import { logger } from "@/lib/logger";
import { applyVerdicts } from "@/lib/alerts/apply-verdicts";
import { queueDeliveries } from "@/lib/alerts/queue-deliveries";
import { closedRunFacts, integrationFacts } from "@/lib/alerts/read-facts";
import { runVerdicts, stateVerdicts, unwatchedVerdicts, type Verdict } from "@/lib/alerts/rules";
import { alertSettingsSummary } from "@/lib/alerts/settings";
import type { AlertRules } from "@/lib/alerts/settings-schema";

// Where the rules meet the database: after a run closes (every rule), and from the recurring check
// and connection changes (the rules on the integration's state). Notifications are written in the
// same transaction as the alert they describe; sending them is the delivery job's work.

/** How many failed runs in a row a sentence counts at most ("the last 50 or more"). */
export const STREAK_COUNTED = 50;

async function openCodes(integrationId: string): Promise<string[]> {
  return (await db.alert.findMany({ where: { integrationId, resolvedAt: null }, select: { code: true } })).map((a) => a.code);
}

async function stateAndUnwatched(integrationId: string, rules: AlertRules): Promise<Verdict[]> {
  const found = await integrationFacts(integrationId);
  if (!found) return [];
  // Unwatched first: a disconnected integration's alerts close as "disconnected", whatever else holds.
  return [...unwatchedVerdicts(await openCodes(integrationId), rules, found.connected), ...(found.connected ? stateVerdicts(found.facts, rules) : [])];
}

async function apply(integrationId: string, verdicts: Verdict[], runId: string | null, channels: { webhook: boolean; email: boolean }): Promise<string[]> {
  const created = await applyVerdicts(integrationId, verdicts, { runId, channels });
  if (created.length > 0) logger.info({ integration: integrationId, run: runId, notifications: created.length }, "alert state changed");
  await queueDeliveries(created, channels);
  return created;
}

/** Judges every rule after a run closed; returns the notifications written. */
export async function evaluateRun(runId: string): Promise<string[]> {
  const { rules, ...channels } = await alertSettingsSummary();
  // Counted a little past the thresholds, so the sentence can say how many failed in a row.
  const streakLimit = Math.max(STREAK_COUNTED, rules.runFailed.critical ?? 0, rules.runFailed.warning ?? 0);
  const closed = await closedRunFacts(runId, streakLimit);
  if (!closed) return [];
  const verdicts = [...(await stateAndUnwatched(closed.integrationId, rules)), ...runVerdicts(closed.facts, rules)];
  return apply(closed.integrationId, verdicts, runId, channels);
}

/** Judges the rules on one integration's state (its connection, API allowance and schedule). */
export async function evaluateIntegration(integrationId: string): Promise<string[]> {
  const { rules, ...channels } = await alertSettingsSummary();
  return apply(integrationId, await stateAndUnwatched(integrationId, rules), null, channels);
}

/** Sets one alert's state now, from a caller that knows it (a refused Salesforce sign-in). */
export async function setAlertState(integrationId: string, verdict: Verdict): Promise<string[]> {
  const { rules: _rules, ...channels } = await alertSettingsSummary();
  return apply(integrationId, [verdict], null, channels);
}

/**
 * The hook lib/sync/runs.ts calls as a run closes. Alerts must never fail a run nor delay its
 * close with an error: anything that goes wrong is logged and the recurring check carries on.
 */
export async function alertsAfterRun(runId: string): Promise<void> {
  try {
    await evaluateRun(runId);
  } catch (error) {
    logger.warn({ run: runId, err: error instanceof Error ? error.message : String(error) }, "alert rules could not be judged after this run");
  }
}
