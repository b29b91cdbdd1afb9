import { db } from "@/lib/db";

/** Raises an alert once per (integration, code) while it is open; a repeat refreshes the message. */
export async function raiseAlert(integrationId: string, code: string, message: string, level = "critical"): Promise<void> {
  const open = await db.alert.findFirst({ where: { integrationId, code, resolvedAt: null } });
  if (open) await db.alert.update({ where: { id: open.id }, data: { message } });
  else await db.alert.create({ data: { integrationId, code, message, level } });
}

export async function resolveAlerts(integrationId: string, code?: string): Promise<void> {
  await db.alert.updateMany({ where: { integrationId, resolvedAt: null, ...(code ? { code } : {}) }, data: { resolvedAt: new Date() } });
}
