import { z } from "zod";
import { db } from "@/lib/db";
import { recordAudit } from "@/lib/audit/record-audit";
import { AppError } from "@/lib/errors";
import { apiBudgetSchema, DEFAULT_API_BUDGET } from "@/lib/integrations/api-budget-setting";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { Context } from "@/lib/users/manage-users";

// How the Salesforce pull reads an org. The account and contact sources default to Account and
// Contact; an admin may pick a custom object and say which of its fields hold name, website,
// email, phone and the parent account.

/** How many past months a first Salesforce pull may be limited to. */
const firstPullMonthsSchema = z
  .number({ error: "Give a whole number of months, or choose everything." })
  .int("Give a whole number of months.")
  .min(1, "Give at least 1 month, or choose everything.")
  .max(120, "Give at most 120 months (ten years), or choose everything.");

const apiName = z.string().trim().regex(/^[A-Za-z][A-Za-z0-9_]{0,79}$/, "Use the field's API name (letters, digits, underscores)");

export const salesforcePullSettingsSchema = z.object({
  accountObject: apiName.default("Account"),
  accountNameField: apiName.default("Name"),
  accountWebsiteField: apiName.default("Website"),
  contactObject: apiName.default("Contact"),
  contactEmailField: apiName.default("Email"),
  contactPhoneField: apiName.default("Phone"),
  contactAccountField: apiName.default("AccountId"),
  /**
   * The first pull reads records modified in this many past months, or everything when null (the
   * default). Seed 001's vendor integration read six months, which silently left most analytics
   * users without their contact; an admin may still choose a window for a very large org.
   */
  firstPullMonths: firstPullMonthsSchema.nullable().default(null),
  /** Later pulls start this far before the cursor, for records committed late with an earlier stamp. */
  lookbackSeconds: z.number().int().min(0).max(86_400).default(300),
  /** Above this many changed records a pull uses a Bulk API 2.0 query instead of REST pages. */
  bulkThreshold: z.number().int().min(100).max(10_000_000).default(10_000),
  pageSize: z.number().int().min(1).max(2000).default(2000),
  /**
   * The share of the org's daily API allowance (Salesforce's /limits) one run may use, and all of
   * Clearinghouse's runs together over 24 hours: the org's other integrations need theirs too.
   */
  apiBudget: apiBudgetSchema.default(DEFAULT_API_BUDGET),
});
export type SalesforcePullSettings = z.infer<typeof salesforcePullSettingsSchema>;

/** Where the first pull of an object starts; null reads everything. */
export function firstPullSince(s: Pick<SalesforcePullSettings, "firstPullMonths">, now = new Date()): Date | null {
  if (s.firstPullMonths === null) return null;
  const since = new Date(now);
  since.setUTCMonth(since.getUTCMonth() - s.firstPullMonths);
  return since;
}

/** The settings a pull uses from a stored `pullSettings` value: the defaults when it cannot be read. */
export function parseSalesforcePullSettings(stored: unknown): SalesforcePullSettings {
  const parsed = salesforcePullSettingsSchema.safeParse(stored ?? {});
  return parsed.success ? parsed.data : salesforcePullSettingsSchema.parse({});
}

export async function salesforcePullSettings(integrationId: string): Promise<SalesforcePullSettings> {
  const row = await db.integration.findUnique({ where: { id: integrationId }, select: { pullSettings: true } });
  return parseSalesforcePullSettings(row?.pullSettings);
}

/** PUT /api/integrations/[id]/pull-settings: the first-pull window, null for everything. */
export const firstPullWindowSchema = z.object({ firstPullMonths: firstPullMonthsSchema.nullable() });

export const isJsonObject = (value: unknown): value is Prisma.JsonObject => typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Sets how far back the first Salesforce pull reads (null: everything). Merged into the stored
 * settings so the keys an operator set another way (source objects, page size) are kept; the row
 * is locked for the read-modify-write so two saves cannot drop each other's keys. Only changes
 * are written and audited.
 */
export async function saveFirstPullWindow(integrationId: string, months: number | null, ctx: Context): Promise<{ firstPullMonths: number | null }> {
  const firstPullMonths = firstPullMonthsSchema.nullable().parse(months);
  return db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT 1 FROM "Integration" WHERE "id" = ${integrationId} FOR UPDATE`;
    const row = await tx.integration.findUnique({ where: { id: integrationId }, select: { system: true, pullSettings: true } });
    if (!row) throw new AppError("NOT_FOUND", "That integration no longer exists. Reload the page.");
    if (row.system !== "SALESFORCE") {
      throw new AppError("INVALID_INPUT", "Only Salesforce has a first-pull window; Pendo and Gainsight PX pulls have no such setting.");
    }
    const stored = isJsonObject(row.pullSettings) ? row.pullSettings : {};
    const before = parseSalesforcePullSettings(stored).firstPullMonths;
    if (before === firstPullMonths) return { firstPullMonths };
    await tx.integration.update({ where: { id: integrationId }, data: { pullSettings: { ...stored, firstPullMonths } } });
    await recordAudit(tx, {
      actor: ctx.actor,
      action: "integration.first-pull-window.save",
      targetType: "Integration",
      targetId: integrationId,
      before: { firstPullMonths: before },
      after: { firstPullMonths },
      ip: ctx.ip,
    });
    return { firstPullMonths };
  });
}

/** Pendo and PX pulls: records per page (PX clamps at 1,000; Pendo aggregation pages are ours to size). */
export const analyticsPullSettingsSchema = z.object({ pageSize: z.number().int().min(1).max(10_000).optional() });

export async function analyticsPageSize(integrationId: string, fallback: number, max: number): Promise<number> {
  const row = await db.integration.findUnique({ where: { id: integrationId }, select: { pullSettings: true } });
  const parsed = analyticsPullSettingsSchema.safeParse(row?.pullSettings ?? {});
  return Math.min(max, (parsed.success ? parsed.data.pageSize : undefined) ?? fallback);
}
