import { parseAlertCode, RUN_KIND_WORDS } from "@/lib/alerts/codes";
import { RULE_TITLES } from "@/lib/alerts/settings-schema";
import type { AlertStateName } from "@/lib/alerts/state-machine";

// One wording for the bell, the webhook and the email: "CRITICAL · Salesforce · Run failed (pulls)".

export function alertTitle(code: string): string {
  const parsed = parseAlertCode(code);
  if (!parsed) return code;
  const title = RULE_TITLES[parsed.rule];
  return parsed.kind ? `${title} (${RUN_KIND_WORDS[parsed.kind].many})` : title;
}

export function stateWord(to: AlertStateName): string {
  return to === "OK" ? "Resolved" : to;
}

export interface NotificationForText {
  code: string;
  fromState: AlertStateName;
  toState: AlertStateName;
  message: string;
  runId: string | null;
}

/** The subject line and the plain text (the webhook's `text`, the email's body). */
export function notificationText(n: NotificationForText, integrationLabel: string, consoleUrl: string): { subject: string; text: string } {
  const headline = `${stateWord(n.toState)} · ${integrationLabel} · ${alertTitle(n.code)}`;
  const was = n.fromState !== "OK" && n.toState !== "OK" ? ` (was ${n.fromState})` : "";
  const base = consoleUrl.replace(/\/+$/, "");
  const link = n.runId ? `${base}/sync/${encodeURIComponent(n.runId)}` : `${base}/alerts`;
  return { subject: `[Clearinghouse] ${headline}`, text: `${headline}${was}: ${n.message}\n${link}` };
}
