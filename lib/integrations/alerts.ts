import { evaluateIntegration, setAlertState } from "@/lib/alerts/evaluate";
import { alertRules } from "@/lib/alerts/settings";
import { parseAlertCode } from "@/lib/alerts/codes";
import type { AlertLevelName } from "@/lib/alerts/settings-schema";

// The integrations' side of the alert rules (lib/alerts/): a refused sign-in raises its alert at
// once, and a connection change re-judges the rules on the integration's state. Both go through
// the same state machine as the rules, so each change is notified once.

/**
 * Raises (or keeps) the alert `code` on the integration. Without a level, a rule's code takes the
 * level an admin set for that rule, and nothing is raised while the rule is off.
 */
export async function raiseAlert(integrationId: string, code: string, message: string, level?: AlertLevelName): Promise<void> {
  const parsed = parseAlertCode(code);
  let chosen = level;
  if (!chosen && parsed?.rule === "reconnectNeeded") {
    const rules = await alertRules();
    if (!rules.reconnectNeeded.enabled) return;
    chosen = rules.reconnectNeeded.level;
  }
  await setAlertState(integrationId, { code, rule: parsed?.rule ?? "reconnectNeeded", level: chosen ?? "CRITICAL", message });
}

/**
 * After a connection change (connected, tested, disconnected): the rules on the integration's
 * state are judged again, so "reconnect needed" clears once it works, and every open alert of a
 * disconnected integration closes. Alerts about runs stay until a run says otherwise.
 */
export async function resolveAlerts(integrationId: string): Promise<void> {
  await evaluateIntegration(integrationId);
}
