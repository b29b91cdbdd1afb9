import { db } from "@/lib/db";
import { VendorError } from "@/lib/connectors/errors";
import type { FieldDescribe, SalesforceConnector } from "@/lib/connectors/salesforce/connection";
import { HEALTH_OBJECT_FIELDS, type HealthObject } from "@/lib/connectors/salesforce/health-records";
import type { SourcePlan } from "@/lib/connectors/salesforce/records";
import { logger } from "@/lib/logger";
import { cacheSalesforceFields } from "@/lib/sync/pull/cache-fields";

// Users, cases and opportunities are read with the fields their describe lists, so a field the
// integration user may not see is left out rather than failing the whole pull. Their describes are
// cached like the account and contact ones, refreshed by the pull once a day (an admin's "Refresh
// fields" covers only the source objects).

const DESCRIBE_MAX_AGE_MS = 24 * 60 * 60 * 1000;
/** Answers meaning the org has no such object, or the integration user may not read it. */
const NOT_READABLE = new Set(["NOT_FOUND", "INSUFFICIENT_ACCESS", "INSUFFICIENT_ACCESS_OR_READONLY"]);

async function describedFields(sf: SalesforceConnector, integrationId: string, object: HealthObject): Promise<FieldDescribe[] | null> {
  const row = await db.salesforceDescribe.findUnique({ where: { integrationId_objectName: { integrationId, objectName: object } } });
  if (row && Date.now() - row.refreshedAt.getTime() < DESCRIBE_MAX_AGE_MS) return row.fields as unknown as FieldDescribe[];
  try {
    const described = await sf.describeObject(object);
    await cacheSalesforceFields(integrationId, object, described.label, described.fields);
    return described.fields;
  } catch (error) {
    if (!(error instanceof VendorError && NOT_READABLE.has(error.code))) throw error;
    // Accounts and contacts are still pulled; the health pages show what this object would have given as missing.
    logger.warn({ integration: integrationId, object, code: error.code }, "Salesforce object not readable by the integration user: not pulled");
    return null;
  }
}

/** What a pull reads of one of these objects, or null when the org does not let the integration user read it. */
export async function healthSource(sf: SalesforceConnector, integrationId: string, object: HealthObject): Promise<SourcePlan | null> {
  const described = await describedFields(sf, integrationId, object);
  if (!described) return null;
  const available = new Set(described.map((f) => f.name));
  if (!available.has("Id") || !available.has("SystemModstamp")) return null;
  const fields = HEALTH_OBJECT_FIELDS[object].filter((f) => available.has(f));
  const types = Object.fromEntries(described.filter((f) => fields.includes(f.name)).map((f) => [f.name, f.type]));
  // None of them merges, so queryAll is not asked for MasterRecordId.
  return { object, fields, roles: {}, hasMasterRecordId: false, types };
}
