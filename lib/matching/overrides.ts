import { z } from "zod";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { recordAudit, type Actor } from "@/lib/audit/record-audit";
import { normalizeSalesforceId } from "@/lib/matching/normalize";
import { salesforceIntegration } from "@/lib/hub/integrations";

// Pins and exclusions are an admin's word over the rules; they survive every re-sync and each
// change is audited with before and after.

export const overrideInputSchema = z.discriminatedUnion("action", [
  z.object({
    action: z.literal("PIN"),
    entity: z.enum(["ACCOUNT", "CONTACT"]),
    analyticsId: z.string().trim().min(1).max(500),
    salesforceId: z.string().trim().min(1, "Enter the Salesforce ID to pin to").max(40),
    note: z.string().trim().max(500).optional(),
  }),
  z.object({
    action: z.literal("EXCLUDE"),
    entity: z.enum(["ACCOUNT", "CONTACT"]),
    analyticsId: z.string().trim().min(1).max(500),
    note: z.string().trim().max(500).optional(),
  }),
]);
export type OverrideInput = z.infer<typeof overrideInputSchema>;

async function analyticsRecordExists(integrationId: string, entity: "ACCOUNT" | "CONTACT", analyticsId: string) {
  const where = { integrationId_externalId: { integrationId, externalId: analyticsId } };
  return entity === "ACCOUNT" ? db.analyticsAccount.findUnique({ where, select: { externalId: true } }) : db.analyticsUser.findUnique({ where, select: { externalId: true } });
}

async function pinTarget(entity: "ACCOUNT" | "CONTACT", raw: string): Promise<string> {
  const id = normalizeSalesforceId(raw);
  if (!id.ok) throw new AppError("INVALID_INPUT", `That is not a Salesforce ID (${id.reason}). Copy the 15- or 18-character ID from the record's URL.`, { salesforceId: id.reason });
  const salesforce = await salesforceIntegration();
  if (!salesforce) throw new AppError("CONFLICT", "Connect Salesforce and pull its records before pinning a match.");
  const where = { integrationId_id: { integrationId: salesforce.id, id: id.key } };
  const found = entity === "ACCOUNT" ? await db.sfAccount.findUnique({ where, select: { state: true } }) : await db.sfContact.findUnique({ where, select: { state: true } });
  const noun = entity === "ACCOUNT" ? "account" : "contact";
  if (!found) throw new AppError("INVALID_INPUT", `No pulled Salesforce ${noun} has the ID ${id.key}. Check the ID, or run Pull now on the Salesforce card first.`, { salesforceId: "not found" });
  if (found.state !== "ACTIVE") throw new AppError("INVALID_INPUT", `Salesforce ${noun} ${id.key} was deleted or merged; pin to the surviving record instead.`, { salesforceId: "deleted" });
  return id.key;
}

export async function setOverride(integrationId: string, input: OverrideInput, actor: Actor): Promise<void> {
  if (!(await analyticsRecordExists(integrationId, input.entity, input.analyticsId))) {
    throw new AppError("NOT_FOUND", "That analytics record is not in the hub (it may have been removed by the last pull); reload the page.");
  }
  const salesforceId = input.action === "PIN" ? await pinTarget(input.entity, input.salesforceId) : null;
  const key = { integrationId_entity_analyticsId: { integrationId, entity: input.entity, analyticsId: input.analyticsId } };
  await db.$transaction(async (tx) => {
    const before = await tx.matchOverride.findUnique({ where: key });
    const data = { action: input.action, salesforceId, note: input.note ?? null, createdBy: actor.email };
    await tx.matchOverride.upsert({ where: key, create: { integrationId, entity: input.entity, analyticsId: input.analyticsId, ...data }, update: { ...data, createdAt: new Date() } });
    await recordAudit(tx, {
      actor,
      action: input.action === "PIN" ? "matching.pin" : "matching.exclude",
      targetType: input.entity === "ACCOUNT" ? "AnalyticsAccount" : "AnalyticsUser",
      targetId: `${integrationId}:${input.analyticsId}`,
      before: before ? { action: before.action, salesforceId: before.salesforceId } : null,
      after: { action: input.action, salesforceId, note: input.note ?? null },
    });
  });
}

export async function removeOverride(integrationId: string, entity: "ACCOUNT" | "CONTACT", analyticsId: string, actor: Actor): Promise<void> {
  const key = { integrationId_entity_analyticsId: { integrationId, entity, analyticsId } };
  await db.$transaction(async (tx) => {
    const before = await tx.matchOverride.findUnique({ where: key });
    if (!before) throw new AppError("NOT_FOUND", "There is no pin or exclusion on this record any more; reload the page.");
    await tx.matchOverride.delete({ where: key });
    await recordAudit(tx, {
      actor,
      action: "matching.override.remove",
      targetType: entity === "ACCOUNT" ? "AnalyticsAccount" : "AnalyticsUser",
      targetId: `${integrationId}:${analyticsId}`,
      before: { action: before.action, salesforceId: before.salesforceId },
      after: null,
    });
  });
}
