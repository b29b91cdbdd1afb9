import { db } from "@/lib/db";
import type { Verdict } from "@/lib/alerts/rules";
import { transition } from "@/lib/alerts/state-machine";

export interface ChannelsOn {
  webhook: boolean;
  email: boolean;
}

/**
 * Moves each verdict's alert to its level and writes one notification per change of state. One
 * transaction per integration under an advisory lock: two runs closing together (a pull and a usage
 * refresh) judge the shared rules in turn, so the second sees the first's alert and stays silent.
 * Returns the ids of the notifications written.
 */
export async function applyVerdicts(integrationId: string, verdicts: readonly Verdict[], ctx: { runId: string | null; channels: ChannelsOn }): Promise<string[]> {
  const byCode = new Map<string, Verdict>();
  for (const v of verdicts) if (!byCode.has(v.code)) byCode.set(v.code, v);
  if (byCode.size === 0) return [];

  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`alerts:${integrationId}`}))`;
    const open = new Map(
      (await tx.alert.findMany({ where: { integrationId, resolvedAt: null, code: { in: [...byCode.keys()] } } })).map((a) => [a.code, a]),
    );
    const created: string[] = [];
    const now = new Date();
    for (const verdict of byCode.values()) {
      const alert = open.get(verdict.code);
      const change = transition(alert?.level ?? "OK", verdict.level);
      if (!change) {
        // Same state: the card shows the newest figures, nobody is notified again.
        if (alert && alert.message !== verdict.message) await tx.alert.update({ where: { id: alert.id }, data: { message: verdict.message } });
        continue;
      }
      let alertId: string;
      if (change.to === "OK") {
        alertId = alert!.id;
        await tx.alert.update({ where: { id: alertId }, data: { resolvedAt: now } });
      } else if (alert) {
        alertId = alert.id;
        await tx.alert.update({ where: { id: alertId }, data: { level: change.to, message: verdict.message } });
      } else {
        alertId = (await tx.alert.create({ data: { integrationId, code: verdict.code, level: change.to, message: verdict.message } })).id;
      }
      const notification = await tx.alertNotification.create({
        data: {
          alertId,
          integrationId,
          code: verdict.code,
          fromState: change.from,
          toState: change.to,
          message: verdict.message,
          runId: ctx.runId,
          webhook: ctx.channels.webhook ? "PENDING" : "OFF",
          email: ctx.channels.email ? "PENDING" : "OFF",
        },
        select: { id: true },
      });
      created.push(notification.id);
    }
    return created;
  });
}
