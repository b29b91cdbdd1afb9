import { db } from "@/lib/db";
import type { FieldDescribe } from "@/lib/connectors/salesforce/connection";
import { salesforceIntegration } from "@/lib/hub/integrations";
import { salesforcePullSettings } from "@/lib/integrations/pull-settings";

// The Salesforce account fields a sharing group may name: the cached describe of the object the
// pull reads accounts from. Null when Salesforce is not connected or its fields are not cached yet,
// in which case any well-formed API name is accepted (a group can be set up before the first pull).

export interface AccountFieldChoice {
  name: string;
  label: string;
  type: string;
}

export async function accountFieldChoices(): Promise<{ object: string; fields: AccountFieldChoice[] } | null> {
  const salesforce = await salesforceIntegration();
  if (!salesforce) return null;
  const object = (await salesforcePullSettings(salesforce.id)).accountObject;
  const row = await db.salesforceDescribe.findUnique({ where: { integrationId_objectName: { integrationId: salesforce.id, objectName: object } } });
  if (!row || !Array.isArray(row.fields)) return null;
  const fields = (row.fields as unknown as FieldDescribe[]).map((f) => ({ name: f.name, label: f.label, type: f.type }));
  fields.sort((a, b) => a.label.localeCompare(b.label));
  return { object, fields };
}
