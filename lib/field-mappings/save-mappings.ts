import { z } from "zod";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { recordAudit, type Actor } from "@/lib/audit/record-audit";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { FieldMapping } from "@/lib/mapping/mapping-schema";
import type { AnalyticsSystem } from "@/lib/mapping/types";
import { defaultMappings, savedOrDefaultMappings } from "@/lib/sync/push/mappings";
import { mappingFields } from "@/lib/field-mappings/mapping-fields";
import { requireMappedIntegration } from "@/lib/field-mappings/mapping-page";
import { checkMappingRows, refusalMessage, type CheckedRows } from "@/lib/field-mappings/mapping-rows";

// Saving one integration's whole mapping set: every row is checked on the server against the cached
// field lists with the same rules the editor runs (the editor can be bypassed; the API cannot), and
// the set is stored and audited in one transaction, or nothing is written at all.

/** Far more than the fields a tool has; a bound, so a body cannot ask for a million checks. */
export const MAX_MAPPINGS = 300;

export const saveMappingsBodySchema = z
  .object({
    // Rows are checked one by one below, so a refusal names the row and the rule it breaks.
    mappings: z
      .array(z.unknown(), { error: "Send the mappings as a list." })
      .max(MAX_MAPPINGS, { error: `An integration holds at most ${MAX_MAPPINGS} mappings; remove some.` })
      .optional(),
    restoreDefaults: z.literal(true, { error: "Send restoreDefaults: true, or leave it out." }).optional(),
  })
  .refine((body) => (body.mappings === undefined) !== (body.restoreDefaults === undefined), {
    error: "Send either the mappings to save or restoreDefaults: true, not both or neither.",
  });

export interface SaveContext {
  actor: Actor;
  ip?: string | null;
}

const json = (mappings: FieldMapping[]) => mappings as unknown as Prisma.InputJsonValue;

/** A 422 that names the first refused row and why, with every problem by its form field. */
function refusal(rows: readonly unknown[], checked: CheckedRows, system: AnalyticsSystem): AppError {
  const fields: Record<string, string> = {};
  for (const p of checked.problems) fields[`mappings.${p.index}.${p.path}`] ??= p.message;
  return new AppError("INVALID_INPUT", refusalMessage(rows, checked, system), fields);
}

/** Checks and stores the whole set; refuses it (and writes nothing) when any row breaks a rule. */
export async function saveMappings(integrationId: string, rows: readonly unknown[], ctx: SaveContext): Promise<FieldMapping[]> {
  const { system } = await requireMappedIntegration(integrationId);
  const { entities } = await mappingFields(integrationId, system);
  const checked = checkMappingRows(system, integrationId, rows, entities);
  if (checked.problems.length > 0) throw refusal(rows, checked, system);
  const mappings = checked.mappings as FieldMapping[];
  const before = await savedOrDefaultMappings(integrationId, system);
  await db.$transaction(async (tx) => {
    await tx.fieldMappingSet.upsert({
      where: { integrationId },
      create: { integrationId, mappings: json(mappings), updatedBy: ctx.actor.email },
      update: { mappings: json(mappings), updatedBy: ctx.actor.email },
    });
    await recordAudit(tx, { actor: ctx.actor, action: "mapping.save", targetType: "Integration", targetId: integrationId, before: json(before), after: json(mappings), ip: ctx.ip });
  });
  return mappings;
}

/**
 * Forgets the saved set, so the integration pushes with the product's defaults again (and follows
 * them when a later version changes them). Audited when there was a saved set to forget.
 */
export async function restoreDefaultMappings(integrationId: string, ctx: SaveContext): Promise<FieldMapping[]> {
  const { system } = await requireMappedIntegration(integrationId);
  const before = await savedOrDefaultMappings(integrationId, system);
  const defaults = defaultMappings(integrationId, system);
  await db.$transaction(async (tx) => {
    const { count } = await tx.fieldMappingSet.deleteMany({ where: { integrationId } });
    if (count === 0) return;
    await recordAudit(tx, { actor: ctx.actor, action: "mapping.restore-defaults", targetType: "Integration", targetId: integrationId, before: json(before), after: json(defaults), ip: ctx.ip });
  });
  return defaults;
}
