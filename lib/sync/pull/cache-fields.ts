import type { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db";
import type { AnalyticsField } from "@/lib/connectors/records";

/** Caches a Pendo/PX attribute schema beside the Salesforce describes, for the custom field pickers. */
export async function cacheAnalyticsFields(integrationId: string, objectName: "account" | "user", label: string, fields: AnalyticsField[]) {
  const data = { label, fields: fields as unknown as Prisma.InputJsonValue, refreshedAt: new Date() };
  await db.salesforceDescribe.upsert({
    where: { integrationId_objectName: { integrationId, objectName } },
    create: { integrationId, objectName, ...data },
    update: data,
  });
}
