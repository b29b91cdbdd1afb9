import { db } from "@/lib/db";
import type { FieldDescribe } from "@/lib/connectors/salesforce/connection";

// Which Salesforce account field carries the CSM, per Salesforce integration: CsmSettings, CSM__c
// unless an admin named another. It must be a lookup to User the integration user may update.
//
// It is not a PX_/Pendo_ field, and need not be: the prefix rule keeps the numbers Clearinghouse
// computes (KPIs, health) out of fields people own. The CSM is not one of those numbers. Issue 13
// makes Clearinghouse the source of truth for an account's CSM and pushes it "to the Salesforce
// field an admin maps", which in every org is a lookup like CSM__c that Salesforce reports read.

export const DEFAULT_CSM_FIELD = "CSM__c";

/** The account field the CSM is read from (until Clearinghouse takes over) and pushed to. */
export async function csmFieldName(integrationId: string): Promise<string> {
  const row = await db.csmSettings.findUnique({ where: { integrationId }, select: { fieldName: true } });
  return row?.fieldName ?? DEFAULT_CSM_FIELD;
}

/** Why `field` (as the describe cache has it, undefined when missing) cannot carry the CSM; null when it can. */
export function csmFieldProblem(object: string, fieldName: string, field: Pick<FieldDescribe, "type" | "referenceTo" | "updateable"> | undefined): string | null {
  if (!field) return `Salesforce object ${object} has no field ${fieldName}. Pick a lookup to User that ${object} has, or use "Refresh fields" on the Salesforce card if it was just created.`;
  if (field.type !== "reference" || !field.referenceTo.includes("User")) {
    return `${object}.${fieldName} is not a lookup to User (it is ${field.type}${field.referenceTo.length ? ` to ${field.referenceTo.join(", ")}` : ""}), so it cannot hold a CSM. Pick a lookup to User.`;
  }
  if (!field.updateable) return `The connected Salesforce user may not edit ${object}.${fieldName}. Grant edit access to the field in the user's profile or permission set.`;
  return null;
}

/** csmFieldProblem() against the describe cache of `object`; a sentence when the object is not cached yet. */
export async function checkCsmField(integrationId: string, object: string, fieldName: string): Promise<string | null> {
  const row = await db.salesforceDescribe.findUnique({ where: { integrationId_objectName: { integrationId, objectName: object } }, select: { fields: true } });
  if (!row) return `The fields of Salesforce object ${object} are not cached yet. Use "Refresh fields" on the Salesforce card, then try again.`;
  const fields = row.fields as unknown as FieldDescribe[];
  return csmFieldProblem(object, fieldName, fields.find((f) => f.name === fieldName));
}
