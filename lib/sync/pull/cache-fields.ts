import type { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db";
import type { AnalyticsField } from "@/lib/connectors/records";
import type { FieldDescribe } from "@/lib/connectors/salesforce/connection";

/** Caches an object's field list beside the Salesforce describes (the pickers and the pulls read them from there). */
async function cacheFields(integrationId: string, objectName: string, label: string, fields: readonly AnalyticsField[] | readonly FieldDescribe[]) {
  const data = { label, fields: fields as unknown as Prisma.InputJsonValue, refreshedAt: new Date() };
  await db.salesforceDescribe.upsert({
    where: { integrationId_objectName: { integrationId, objectName } },
    create: { integrationId, objectName, ...data },
    update: data,
  });
}

/** Caches a Pendo/PX attribute schema beside the Salesforce describes, for the custom field pickers. */
export async function cacheAnalyticsFields(integrationId: string, objectName: "account" | "user", label: string, fields: AnalyticsField[]) {
  await cacheFields(integrationId, objectName, label, fields);
}

/** Caches the describe of a Salesforce object the pull reads beyond the account and contact sources. */
export async function cacheSalesforceFields(integrationId: string, objectName: string, label: string, fields: FieldDescribe[]) {
  await cacheFields(integrationId, objectName, label, fields);
}
