import { db } from "@/lib/db";
import { writeCsmSettings } from "@/lib/accounts/csm/csm-settings";
import { repushDivergedCsms } from "@/lib/accounts/csm/repush-diverged-csms";
import { writeAlertSettings } from "@/lib/alerts/save-settings";
import { alertSettingsView } from "@/lib/alerts/settings";
import type { AlertSettingsView, SaveAlertSettings } from "@/lib/alerts/settings-schema";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { recordAudit } from "@/lib/audit/record-audit";
import type { ConfigFile, ConfigSchedules, ToolSystem } from "@/lib/config/config-schema";
import { scheduleDiffers } from "@/lib/config/diff-config";
import type { Installation, InstalledSchedules } from "@/lib/config/installation";
import { planImport, type ImportPreview, type SectionPreview } from "@/lib/config/preview-import";
import type { IntegrationSystem } from "@/lib/generated/prisma/client";
import { checkKpiSettings, writeKpiSettings, type CheckedKpiSettings } from "@/lib/kpis/save-kpi-settings";
import { logger } from "@/lib/logger";
import { enqueueMatch } from "@/lib/sync/match/enqueue-match";
import type { EffectiveSchedule } from "@/lib/sync/schedules/connected-schedules";
import { SCHEDULE_ACTIONS, type ScheduleAction } from "@/lib/sync/schedules/defaults";
import { followSchedule, writeSchedule } from "@/lib/sync/schedules/save-schedule";
import type { Context } from "@/lib/users/manage-users";

export interface Rematch {
  system: ToolSystem;
  /** The queued re-match the page can follow; null when the queue refused it. */
  runId: string | null;
  error?: string;
}

export interface AppliedSchedule {
  system: IntegrationSystem;
  action: ScheduleAction;
  /** Set when the queue (Redis) did not answer: the schedule is saved, and the worker registers it within minutes. */
  delayed?: string;
}

export interface ImportResult {
  /** What was applied: the preview of the file just before it was written. */
  preview: ImportPreview;
  /** Re-matches queued for the tools whose matching rules changed. */
  rematches: Rematch[];
  /** Schedules saved, each with its BullMQ scheduler upserted (or removed, when paused) once the rest was written. */
  schedules: AppliedSchedule[];
  /** Set when the CSM field changed: how many accounts' CSMs were queued to push into the new field, as a save on its page does. */
  csmPushes: { queued: number } | null;
}

type Tx = Prisma.TransactionClient;

const isJsonObject = (value: unknown): value is Prisma.JsonObject => typeof value === "object" && value !== null && !Array.isArray(value);

async function writeSection(tx: Tx, s: SectionPreview, file: ConfigFile, installation: Installation, ctx: Context): Promise<void> {
  const audit = { actor: ctx.actor, ip: ctx.ip ?? null, targetType: "Integration" };
  if (s.key === "salesforce.pullSettings") {
    const salesforce = installation.salesforce!;
    const wanted = file.salesforce!.pullSettings;
    // Locked and merged, as saveFirstPullWindow does: keys another version set are kept.
    await tx.$queryRaw`SELECT 1 FROM "Integration" WHERE "id" = ${salesforce.integrationId} FOR UPDATE`;
    const row = await tx.integration.findUniqueOrThrow({ where: { id: salesforce.integrationId }, select: { pullSettings: true } });
    const stored = isJsonObject(row.pullSettings) ? row.pullSettings : {};
    await tx.integration.update({ where: { id: salesforce.integrationId }, data: { pullSettings: { ...stored, ...wanted } } });
    await recordAudit(tx, { ...audit, action: "config.import.pull-settings", targetId: salesforce.integrationId, before: salesforce.pullSettings, after: wanted });
    return;
  }
  const [, system, part] = s.key.split(".") as ["tools", ToolSystem, "matchingRules" | "fieldMappings"];
  const tool = installation.tools[system]!;
  const wanted = file.tools[system]!;
  const by = ctx.actor?.email ?? null;
  if (part === "matchingRules") {
    const rules = wanted.matchingRules;
    await tx.matchingSettings.upsert({ where: { integrationId: tool.integrationId }, create: { integrationId: tool.integrationId, rules, updatedBy: by }, update: { rules, updatedBy: by } });
    await recordAudit(tx, { ...audit, action: "config.import.matching-rules", targetId: tool.integrationId, before: tool.matchingRules, after: rules });
    return;
  }
  // Stored as the mapping editor stores them: each mapping carries this installation's integration id.
  const mappings = wanted.fieldMappings.map((m) => ({ ...m, integrationId: tool.integrationId }));
  await tx.fieldMappingSet.upsert({ where: { integrationId: tool.integrationId }, create: { integrationId: tool.integrationId, mappings, updatedBy: by }, update: { mappings, updatedBy: by } });
  await recordAudit(tx, { ...audit, action: "config.import.field-mappings", targetId: tool.integrationId, before: tool.fieldMappings, after: wanted.fieldMappings });
}

/** The installed and the wanted schedules of one schedules section. */
function scheduleSides(key: SectionPreview["key"], file: ConfigFile, installation: Installation): { installed: InstalledSchedules; wanted: ConfigSchedules } {
  if (key === "salesforce.schedules") return { installed: installation.salesforce!.schedules, wanted: file.salesforce!.schedules! };
  const system = key.split(".")[1] as ToolSystem;
  return { installed: installation.tools[system]!.schedules, wanted: file.tools[system]!.schedules! };
}

/**
 * Through the Settings page's own write (row and audit entry, "schedule.update", "schedule.pause" or
 * "schedule.resume", by the importing admin), inside the import's transaction. Only schedules that
 * differ are written: a default schedule the file repeats stays a default.
 */
async function writeSchedules(tx: Tx, s: SectionPreview, file: ConfigFile, installation: Installation, ctx: Context): Promise<EffectiveSchedule[]> {
  const { installed, wanted } = scheduleSides(s.key, file, installation);
  const saved: EffectiveSchedule[] = [];
  for (const action of SCHEDULE_ACTIONS) {
    const before = installed[action];
    const after = wanted[action];
    if (before && after && scheduleDiffers(before, after)) saved.push(await writeSchedule(tx, before, after, ctx));
  }
  return saved;
}

/** What the other writes need, read before the transaction as their pages read it before theirs. */
interface Prepared {
  kpis: Partial<Record<ToolSystem, CheckedKpiSettings>>;
  alerts: AlertSettingsView | null;
}

/** KPI settings checked as their page checks them (against the account object the file sets), and the alert channels to keep. */
async function prepare(changed: SectionPreview[], file: ConfigFile, installation: Installation): Promise<Prepared> {
  const prepared: Prepared = { kpis: {}, alerts: null };
  const accountObject = (file.salesforce?.pullSettings ?? installation.salesforce?.pullSettings)?.accountObject;
  for (const s of changed) {
    if (s.key === "alerts.rules") prepared.alerts = await alertSettingsView();
    const [, system, part] = s.key.split(".") as ["tools", ToolSystem, string];
    if (part === "kpiSettings") prepared.kpis[system] = await checkKpiSettings(installation.tools[system]!.integrationId, file.tools[system]!.kpiSettings, accountObject);
  }
  return prepared;
}

/** The rules from the file, each channel as it is stored: no secret is given, so each stored one is kept. */
function keepingChannels(rules: SaveAlertSettings["rules"], view: AlertSettingsView): SaveAlertSettings {
  const email = view.email ? (({ passwordSet: _set, ...channel }) => channel)(view.email) : null;
  return { rules, webhook: view.webhook ? {} : null, email };
}

/**
 * KPI settings, the CSM field and the alert rules, each through its page's own write (row and
 * audit entry, "kpi-settings.save", "csm.settings.save" or "alert-settings.save", by the importing
 * admin), inside the import's transaction. True when the CSM field changed: its pushes follow the commit.
 */
async function writeOwnSetting(tx: Tx, s: SectionPreview, file: ConfigFile, installation: Installation, prepared: Prepared, ctx: Context): Promise<boolean> {
  if (s.key === "salesforce.csmSettings") return writeCsmSettings(tx, installation.salesforce!.integrationId, file.salesforce!.csmSettings!, ctx);
  if (s.key === "alerts.rules") await writeAlertSettings(tx, keepingChannels(file.alerts!.rules, prepared.alerts!), prepared.alerts!, ctx);
  else await writeKpiSettings(tx, prepared.kpis[s.key.split(".")[1] as ToolSystem]!, ctx);
  return false;
}

const OWN_SETTINGS = /^(salesforce\.csmSettings|alerts\.rules|tools\.\w+\.kpiSettings)$/;

function refusal(preview: ImportPreview): AppError {
  const n = preview.problems.length;
  const fields: Record<string, string> = {};
  for (const p of preview.problems) fields[p.path || "_"] ??= p.message;
  return new AppError("INVALID_INPUT", `Nothing was changed: the file has ${n} problem${n === 1 ? "" : "s"}. ${preview.problems[0]?.message ?? ""} Preview the file to see ${n === 1 ? "it" : "them all"}.`.trim(), fields);
}

/**
 * Applies a configuration file: only when its preview has no problem, every changed section in one
 * transaction with an audit entry each (one per schedule), then, once it is committed, each changed
 * schedule's BullMQ scheduler upserted as a save on Settings › Schedules does, a re-match of
 * each tool whose matching rules changed (queued for the worker, like a save on the Matching page),
 * and, when the CSM field changed, the CSM pushes into it (as its page's save queues them).
 * Sections without a change are not written, so applying the same file again changes nothing and
 * writes no audit entry.
 */
export async function applyImport(input: unknown, ctx: Context): Promise<ImportResult> {
  const { preview, file, installation } = await planImport(input);
  if (!preview.ok || !file) throw refusal(preview);
  const changed = preview.sections.filter((s) => s.state === "changed");
  if (changed.length === 0) return { preview, rematches: [], schedules: [], csmPushes: null };
  const prepared = await prepare(changed, file, installation);
  const { saved, csmChanged } = await db.$transaction(async (tx) => {
    const schedules: EffectiveSchedule[] = [];
    let csm = false;
    for (const s of changed) {
      if (s.key.endsWith(".schedules")) schedules.push(...(await writeSchedules(tx, s, file, installation, ctx)));
      else if (OWN_SETTINGS.test(s.key)) csm = (await writeOwnSetting(tx, s, file, installation, prepared, ctx)) || csm;
      else await writeSection(tx, s, file, installation, ctx);
    }
    return { saved: schedules, csmChanged: csm };
  });

  // Redis follows the committed rows; one that does not answer delays a scheduler, and the worker's periodic apply catches up.
  const schedules: AppliedSchedule[] = [];
  for (const s of saved) {
    const delayed = await followSchedule(s);
    schedules.push({ system: s.system, action: s.action, ...(delayed ? { delayed } : {}) });
  }

  const rematches: Rematch[] = [];
  for (const s of changed) {
    const [, system, part] = s.key.split(".");
    if (part !== "matchingRules") continue;
    const tool = installation.tools[system as ToolSystem]!;
    try {
      rematches.push({ system: tool.system, ...(await enqueueMatch(tool.integrationId, "rules", ctx.actor?.email ?? null)) });
    } catch (error) {
      // The rules are saved; only the re-match is missing, and the next pull re-matches anyway.
      logger.warn({ err: error, integrationId: tool.integrationId }, "config import: re-match not queued");
      rematches.push({ system: tool.system, runId: null, error: "The rules are saved, but the job queue (Redis) did not accept the re-match. Check System status, then use Pull now on the tool's card." });
    }
  }
  // As a save of the CSM field does: the new field holds none of Clearinghouse's assignments yet.
  const csmPushes = csmChanged ? await repushDivergedCsms(installation.salesforce!.integrationId) : null;
  return { preview, rematches, schedules, csmPushes };
}
