import { db } from "@/lib/db";
import type { Integration, IntegrationSystem } from "@/lib/generated/prisma/client";
import { ACTIONS_BY_SYSTEM, DEFAULT_SCHEDULES, isScheduleAction, type ScheduleAction } from "@/lib/sync/schedules/defaults";

/** One (integration, action) as it runs: its saved row, or the seed's default when none was saved. */
export interface EffectiveSchedule {
  integrationId: string;
  system: IntegrationSystem;
  action: ScheduleAction;
  cron: string;
  timezone: string;
  paused: boolean;
  /** No row saved: the default of seed 001. */
  isDefault: boolean;
  updatedAt: Date | null;
  updatedBy: string | null;
}

const SYSTEM_ORDER: IntegrationSystem[] = ["SALESFORCE", "PENDO", "PX"];

/** Connected as enqueuePull sees it: credentials stored and not disabled (a reconnect-needed one still runs, and fails loudly). */
export function isConnected(i: Pick<Integration, "secrets" | "status">): boolean {
  return i.secrets !== null && i.status !== "DISABLED";
}

type Row = { integrationId: string; action: string; cron: string; timezone: string; paused: boolean; updatedAt: Date; updatedBy: string | null };

function effective(integration: Pick<Integration, "id" | "system">, action: ScheduleAction, row: Row | undefined): EffectiveSchedule {
  const base = { integrationId: integration.id, system: integration.system, action };
  if (!row) return { ...base, ...DEFAULT_SCHEDULES[action], paused: false, isDefault: true, updatedAt: null, updatedBy: null };
  return { ...base, cron: row.cron, timezone: row.timezone, paused: row.paused, isDefault: false, updatedAt: row.updatedAt, updatedBy: row.updatedBy };
}

/** The schedules of the given integrations (rows of actions their system does not have are ignored). */
export async function schedulesOf(integrations: readonly Pick<Integration, "id" | "system">[]): Promise<EffectiveSchedule[]> {
  if (integrations.length === 0) return [];
  const rows = await db.syncSchedule.findMany({ where: { integrationId: { in: integrations.map((i) => i.id) } } });
  const byKey = new Map(rows.filter((r) => isScheduleAction(r.action)).map((r) => [`${r.integrationId}:${r.action}`, r]));
  return [...integrations]
    .sort((a, b) => SYSTEM_ORDER.indexOf(a.system) - SYSTEM_ORDER.indexOf(b.system))
    .flatMap((i) => ACTIONS_BY_SYSTEM[i.system].map((action) => effective(i, action, byKey.get(`${i.id}:${action}`))));
}

/** Every connected integration's schedules, Salesforce first; paused ones included. */
export async function connectedSchedules(): Promise<EffectiveSchedule[]> {
  const integrations = await db.integration.findMany({
    where: { secrets: { not: null }, status: { not: "DISABLED" } },
    select: { id: true, system: true },
    orderBy: { createdAt: "asc" },
  });
  return schedulesOf(integrations);
}
