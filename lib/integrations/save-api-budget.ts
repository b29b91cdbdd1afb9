import { db } from "@/lib/db";
import { recordAudit } from "@/lib/audit/record-audit";
import { AppError, zodFields } from "@/lib/errors";
import { apiBudgetSchema, type ApiBudgetSetting } from "@/lib/integrations/api-budget-setting";
import { isJsonObject, parseSalesforcePullSettings } from "@/lib/integrations/pull-settings";
import type { Context } from "@/lib/users/manage-users";

/**
 * Sets the share of the org's daily API allowance one run may use and all runs of 24 hours
 * together. Like the first-pull window: merged into the stored settings under a row lock, so a
 * concurrent save of another key is kept; only a change is written and audited.
 */
export async function saveApiBudget(integrationId: string, budget: ApiBudgetSetting, ctx: Context): Promise<ApiBudgetSetting> {
  const parsed = apiBudgetSchema.safeParse(budget);
  if (!parsed.success) throw new AppError("INVALID_INPUT", parsed.error.issues[0]!.message, zodFields(parsed.error));
  const { runPercent, dailyPercent } = parsed.data;
  const after = { runPercent, dailyPercent };
  return db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT 1 FROM "Integration" WHERE "id" = ${integrationId} FOR UPDATE`;
    const row = await tx.integration.findUnique({ where: { id: integrationId }, select: { system: true, pullSettings: true } });
    if (!row) throw new AppError("NOT_FOUND", "That integration no longer exists. Reload the page.");
    if (row.system !== "SALESFORCE") {
      throw new AppError("INVALID_INPUT", "Only Salesforce has an API budget; Pendo and Gainsight PX requests do not count against the org's daily allowance.");
    }
    const stored = isJsonObject(row.pullSettings) ? row.pullSettings : {};
    const before = parseSalesforcePullSettings(stored).apiBudget;
    if (before.runPercent === runPercent && before.dailyPercent === dailyPercent) return after;
    await tx.integration.update({ where: { id: integrationId }, data: { pullSettings: { ...stored, apiBudget: after } } });
    await recordAudit(tx, {
      actor: ctx.actor,
      action: "integration.api-budget.save",
      targetType: "Integration",
      targetId: integrationId,
      before: { runPercent: before.runPercent, dailyPercent: before.dailyPercent },
      after,
      ip: ctx.ip,
    });
    return after;
  });
}
