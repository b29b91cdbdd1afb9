import { z } from "zod";
import { db } from "@/lib/db";

// How the Salesforce pull reads an org. The account and contact sources default to Account and
// Contact; an admin may pick a custom object and say which of its fields hold name, website,
// email, phone and the parent account.

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
  firstPullMonths: z.number().int().min(1).max(120).nullable().default(null),
  /** Later pulls start this far before the cursor, for records committed late with an earlier stamp. */
  lookbackSeconds: z.number().int().min(0).max(86_400).default(300),
  /** Above this many changed records a pull uses a Bulk API 2.0 query instead of REST pages. */
  bulkThreshold: z.number().int().min(100).max(10_000_000).default(10_000),
  pageSize: z.number().int().min(1).max(2000).default(2000),
});
export type SalesforcePullSettings = z.infer<typeof salesforcePullSettingsSchema>;

/** Where the first pull of an object starts; null reads everything. */
export function firstPullSince(s: Pick<SalesforcePullSettings, "firstPullMonths">, now = new Date()): Date | null {
  if (s.firstPullMonths === null) return null;
  const since = new Date(now);
  since.setUTCMonth(since.getUTCMonth() - s.firstPullMonths);
  return since;
}

export async function salesforcePullSettings(integrationId: string): Promise<SalesforcePullSettings> {
  const row = await db.integration.findUnique({ where: { id: integrationId }, select: { pullSettings: true } });
  const parsed = salesforcePullSettingsSchema.safeParse(row?.pullSettings ?? {});
  return parsed.success ? parsed.data : salesforcePullSettingsSchema.parse({});
}

/** Pendo and PX pulls: records per page (PX clamps at 1,000; Pendo aggregation pages are ours to size). */
export const analyticsPullSettingsSchema = z.object({ pageSize: z.number().int().min(1).max(10_000).optional() });

export async function analyticsPageSize(integrationId: string, fallback: number, max: number): Promise<number> {
  const row = await db.integration.findUnique({ where: { id: integrationId }, select: { pullSettings: true } });
  const parsed = analyticsPullSettingsSchema.safeParse(row?.pullSettings ?? {});
  return Math.min(max, (parsed.success ? parsed.data.pageSize : undefined) ?? fallback);
}
