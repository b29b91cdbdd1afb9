import { db } from "@/lib/db";
import { recordAudit, type Actor } from "@/lib/audit/record-audit";
import { DEFAULT_RULES, matchRulesSchema, type MatchRules } from "@/lib/matching/rules";
import { AppError } from "@/lib/errors";

/** Saved rules, or the defaults for an integration nobody has configured yet. */
export async function loadRules(integrationId: string): Promise<MatchRules> {
  const row = await db.matchingSettings.findUnique({ where: { integrationId } });
  if (!row) return DEFAULT_RULES;
  const parsed = matchRulesSchema.safeParse(row.rules);
  // Rules are written only through saveRules; an unreadable row means a schema change without a
  // migration. Fall back to the defaults rather than matching nothing.
  return parsed.success ? parsed.data : DEFAULT_RULES;
}

export async function saveRules(integrationId: string, rules: MatchRules, actor: Actor): Promise<MatchRules> {
  const integration = await db.integration.findUnique({ where: { id: integrationId }, select: { system: true } });
  if (!integration || integration.system === "SALESFORCE") throw new AppError("NOT_FOUND", "No Pendo or Gainsight PX integration has this id; reload the page.");
  const before = await loadRules(integrationId);
  const value = matchRulesSchema.parse(rules);
  await db.$transaction(async (tx) => {
    await tx.matchingSettings.upsert({
      where: { integrationId },
      create: { integrationId, rules: value, updatedBy: actor.email },
      update: { rules: value, updatedBy: actor.email },
    });
    await recordAudit(tx, { actor, action: "matching.rules.save", targetType: "Integration", targetId: integrationId, before, after: value });
  });
  return value;
}
