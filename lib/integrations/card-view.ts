import type { Integration, IntegrationSystem, RunStatus } from "@/lib/generated/prisma/client";
import type { ApiBudgetSetting } from "@/lib/integrations/api-budget-setting";
import { parseSalesforcePullSettings } from "@/lib/integrations/pull-settings";
import type { EffectiveSchedule } from "@/lib/sync/schedules/connected-schedules";
import { ACTION_LABEL } from "@/lib/sync/schedules/defaults";
import { describeCron } from "@/lib/sync/schedules/describe-cron";
import { syncCounts, syncProgress, type SyncCounts, type SyncProgress, type SyncStepRow } from "@/lib/sync/history/sync-progress";

// What the browser learns about an integration: never secrets, never tokens.
export type CardStatus = "CONNECTED" | "RECONNECT_NEEDED" | "ERROR" | "DISABLED" | "NOT_CONNECTED";

export interface IntegrationCardView {
  id: string | null;
  system: IntegrationSystem;
  title: string;
  status: CardStatus;
  statusMessage: string | null;
  environment: string | null;
  environmentLabel: string | null;
  baseUrl: string | null;
  instanceUrl: string | null;
  orgName: string | null;
  externalOrgId: string | null;
  connectedUser: string | null;
  isSandbox: boolean;
  canWrite: boolean;
  api: { used: number; max: number; at: string | null } | null;
  connectedAt: string | null;
  lastCheckedAt: string | null;
  describedObjects: number;
  openAlerts: { id: string; level: string; message: string; createdAt: string }[];
  /** The newest pull run: QUEUED or RUNNING while it waits or works, then what it read and changed, or why it failed. */
  lastPull: LastPullView | null;
  /** The newest Synchronize of this tool (on Salesforce's card: of every tool), with its progress while it runs. */
  lastSync: LastSyncView | null;
  /** Its schedules in words ("Pull: Every day at 00:00, UTC"), as Settings › Schedules holds them. */
  schedules: string[];
  /** Salesforce: how many past months the first pull reads, null for everything (also for Pendo and PX). */
  firstPullMonths: number | null;
  /** Salesforce: the share of the daily API allowance a run, and all runs of 24 hours, may use; null for Pendo and PX. */
  apiBudget: ApiBudgetSetting | null;
}

export interface LastPullView {
  runId: string;
  status: RunStatus;
  startedAt: string;
  finishedAt: string | null;
  summary: string;
  error: string | null;
}

export interface LastSyncView extends LastPullView {
  progress: SyncProgress | null;
  counts: SyncCounts;
  /** A tool's card: why the sync wrote nothing back into this tool (a read-only key), else null. */
  writeBackSkipped: string | null;
}

/** "1,204 accounts read (12 new, 3 changed) · 8,100 users read (40 new)" */
export function pullSummary(stats: unknown): string {
  const parts: string[] = [];
  for (const [object, raw] of Object.entries((stats ?? {}) as Record<string, Record<string, number>>)) {
    if (!raw || typeof raw.read !== "number") continue;
    const changes = [raw.created ? `${raw.created} new` : "", raw.updated ? `${raw.updated} changed` : "", raw.removed ? `${raw.removed} removed` : "", raw.deleted ? `${raw.deleted} deleted` : "", raw.merged ? `${raw.merged} merged` : ""].filter(Boolean);
    parts.push(`${raw.read.toLocaleString("en-US")} ${object} read${changes.length ? ` (${changes.join(", ")})` : ""}`);
  }
  return parts.join(" · ") || "nothing read yet";
}

/** "112 written, 40 unchanged, 3 failed" from a sync's push counts, both ways. */
export function syncSummary(c: SyncCounts): string {
  const f = (v: number) => v.toLocaleString("en-US");
  const parts = [`${f(c.written)} written`, c.unchanged ? `${f(c.unchanged)} unchanged` : "", c.skipped ? `${f(c.skipped)} skipped` : "", c.failed ? `${f(c.failed)} failed` : ""];
  return parts.filter(Boolean).join(", ");
}

export const SYSTEM_TITLES: Record<IntegrationSystem, string> = {
  SALESFORCE: "Salesforce",
  PENDO: "Pendo",
  PX: "Gainsight PX",
};

const ENVIRONMENT_LABELS: Record<string, string> = {
  production: "Production",
  sandbox: "Sandbox",
  custom: "My Domain",
  emulator: "Local emulator",
};

export function environmentLabel(environment: string | null): string | null {
  if (!environment) return null;
  return ENVIRONMENT_LABELS[environment] ?? environment.toUpperCase();
}

export function emptyCard(system: IntegrationSystem): IntegrationCardView {
  return {
    id: null,
    system,
    title: SYSTEM_TITLES[system],
    status: "NOT_CONNECTED",
    statusMessage: null,
    environment: null,
    environmentLabel: null,
    baseUrl: null,
    instanceUrl: null,
    orgName: null,
    externalOrgId: null,
    connectedUser: null,
    isSandbox: false,
    canWrite: false,
    api: null,
    connectedAt: null,
    lastCheckedAt: null,
    describedObjects: 0,
    openAlerts: [],
    lastPull: null,
    lastSync: null,
    schedules: [],
    firstPullMonths: null,
    apiBudget: null,
  };
}

function scheduleLine(s: EffectiveSchedule): string {
  return `${ACTION_LABEL[s.action]}: ${describeCron(s.cron) ?? s.cron}, ${s.timezone}${s.paused ? " (paused)" : ""}`;
}

export function toCardView(
  i: Integration,
  extra: {
    describedObjects: number;
    openAlerts: { id: string; level: string; message: string; createdAt: Date }[];
    lastPull: { id: string; status: RunStatus; startedAt: Date; finishedAt: Date | null; stats: unknown; error: string | null } | null;
    lastSync?: { id: string; status: RunStatus; startedAt: Date; finishedAt: Date | null; error: string | null; steps: (SyncStepRow & { error?: string | null })[] } | null;
    /** Integration id → system, to name the steps of a sync. */
    systems?: ReadonlyMap<string, IntegrationSystem>;
    schedules?: readonly EffectiveSchedule[];
  },
): IntegrationCardView {
  const salesforce = i.system === "SALESFORCE" ? parseSalesforcePullSettings(i.pullSettings) : null;
  return {
    id: i.id,
    system: i.system,
    title: SYSTEM_TITLES[i.system],
    status: i.status,
    statusMessage: i.statusMessage,
    environment: i.environment,
    environmentLabel: environmentLabel(i.environment),
    baseUrl: i.baseUrl,
    instanceUrl: i.instanceUrl,
    orgName: i.orgName,
    externalOrgId: i.externalOrgId,
    connectedUser: i.connectedUser,
    isSandbox: i.isSandbox,
    canWrite: i.canWrite,
    api: i.apiMax ? { used: i.apiUsed ?? 0, max: i.apiMax, at: i.apiUsageAt?.toISOString() ?? null } : null,
    connectedAt: i.connectedAt?.toISOString() ?? null,
    lastCheckedAt: i.lastCheckedAt?.toISOString() ?? null,
    describedObjects: extra.describedObjects,
    openAlerts: extra.openAlerts.map((a) => ({ ...a, createdAt: a.createdAt.toISOString() })),
    lastPull: extra.lastPull
      ? {
          runId: extra.lastPull.id,
          status: extra.lastPull.status,
          startedAt: extra.lastPull.startedAt.toISOString(),
          finishedAt: extra.lastPull.finishedAt?.toISOString() ?? null,
          summary: pullSummary(extra.lastPull.stats),
          error: extra.lastPull.error,
        }
      : null,
    lastSync: extra.lastSync
      ? {
          runId: extra.lastSync.id,
          status: extra.lastSync.status,
          startedAt: extra.lastSync.startedAt.toISOString(),
          finishedAt: extra.lastSync.finishedAt?.toISOString() ?? null,
          summary: syncSummary(syncCounts(extra.lastSync.steps)),
          error: extra.lastSync.error,
          progress: syncProgress(extra.lastSync.steps, extra.systems ?? new Map()),
          counts: syncCounts(extra.lastSync.steps),
          writeBackSkipped: extra.lastSync.steps.find((s) => s.integrationId === i.id && s.status === "SKIPPED" && (s.name === "push.pendo" || s.name === "push.px"))?.error ?? null,
        }
      : null,
    schedules: (extra.schedules ?? []).map(scheduleLine),
    firstPullMonths: salesforce?.firstPullMonths ?? null,
    apiBudget: salesforce?.apiBudget ?? null,
  };
}
