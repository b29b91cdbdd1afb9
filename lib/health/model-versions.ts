import type { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db";
import { recordAudit, type Actor } from "@/lib/audit/record-audit";
import { AppError, zodFields } from "@/lib/errors";
import { DEFAULT_HEALTH_MODEL } from "@/lib/health/default-model";
import { healthModelSchema, type HealthModel } from "@/lib/health/model";

// Health models are versioned (issue 13): saving a change writes a new version, never edits one, so
// every stored score can name the version that made it and a backtest can replay any of them.
// Exactly one version is active; the database holds that with a partial unique index.

export interface ModelVersion {
  version: number;
  model: HealthModel;
  note: string | null;
  createdBy: string | null;
  createdAt: Date;
  active: boolean;
  activatedAt: Date | null;
}

type Row = Awaited<ReturnType<typeof db.healthModelVersion.findFirstOrThrow>>;

function toVersion(row: Row): ModelVersion {
  // Stored versions were parsed on the way in; a parse here fills defaults added since.
  return { version: row.version, model: healthModelSchema.parse(row.definition), note: row.note, createdBy: row.createdBy, createdAt: row.createdAt, active: row.active, activatedAt: row.activatedAt };
}

const LOCK = "health-model-versions";

/**
 * The version that scores. A new installation gets seed 004's default as version 1, active; two
 * callers racing here create it once (they queue on an advisory lock).
 */
export async function activeHealthModel(): Promise<ModelVersion> {
  const found = await db.healthModelVersion.findFirst({ where: { active: true } });
  if (found) return toVersion(found);
  const row = await db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${LOCK}))`;
    const active = await tx.healthModelVersion.findFirst({ where: { active: true } });
    if (active) return active;
    const any = await tx.healthModelVersion.count();
    if (any > 0) throw new AppError("CONFLICT", "No health model version is active. Activate one on the Health model page.");
    return tx.healthModelVersion.create({
      data: { version: 1, definition: DEFAULT_HEALTH_MODEL as unknown as Prisma.InputJsonValue, note: "Seed 004's default model", active: true, activatedAt: new Date() },
    });
  });
  return toVersion(row);
}

export async function healthModelVersion(version: number): Promise<ModelVersion> {
  const row = await db.healthModelVersion.findUnique({ where: { version } });
  if (!row) throw new AppError("NOT_FOUND", `There is no health model version ${version}. List the versions on the Health model page or with \`cli backtest --json\`.`);
  return toVersion(row);
}

export async function listHealthModelVersions(): Promise<ModelVersion[]> {
  await activeHealthModel();
  const rows = await db.healthModelVersion.findMany({ orderBy: { version: "desc" } });
  return rows.map(toVersion);
}

/** Stores `input` as the next version, not yet active (activate it after comparing backtests). */
export async function saveHealthModelVersion(input: unknown, note: string | null, actor: Actor): Promise<ModelVersion> {
  const parsed = healthModelSchema.safeParse(input);
  if (!parsed.success) throw new AppError("INVALID_INPUT", "The model has problems; fix the fields marked and save again.", zodFields(parsed.error));
  await activeHealthModel();
  const row = await db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${LOCK}))`;
    const last = await tx.healthModelVersion.aggregate({ _max: { version: true } });
    const version = (last._max.version ?? 0) + 1;
    const created = await tx.healthModelVersion.create({ data: { version, definition: parsed.data as unknown as Prisma.InputJsonValue, note, createdBy: actor.email } });
    await recordAudit(tx, { actor, action: "health.model.save", targetType: "HealthModelVersion", targetId: String(version), after: { note, model: parsed.data } as unknown as Prisma.InputJsonValue });
    return created;
  });
  return toVersion(row);
}

/** Makes `version` the one that scores from the next scoring on; the previous one stays for history. */
export async function activateHealthModelVersion(version: number, actor: Actor): Promise<ModelVersion> {
  await activeHealthModel();
  const row = await db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${LOCK}))`;
    const target = await tx.healthModelVersion.findUnique({ where: { version } });
    if (!target) throw new AppError("NOT_FOUND", `There is no health model version ${version}.`);
    const before = await tx.healthModelVersion.findFirst({ where: { active: true } });
    if (before?.version === version) return target;
    await tx.healthModelVersion.updateMany({ where: { active: true }, data: { active: false } });
    const activated = await tx.healthModelVersion.update({ where: { version }, data: { active: true, activatedAt: new Date(), activatedBy: actor.email } });
    await recordAudit(tx, { actor, action: "health.model.activate", targetType: "HealthModelVersion", targetId: String(version), before: { active: before?.version ?? null }, after: { active: version } });
    return activated;
  });
  return toVersion(row);
}
