import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { withSalesforce } from "@/lib/integrations/salesforce-client";

// Later features (matching pickers, field mappings) read Salesforce field lists only from this
// cache, never live, so pages stay fast and the API allowance is spent by the worker alone.
export const DESCRIBED_BY_DEFAULT = ["Account", "Contact"];

export async function refreshSalesforceDescribe(integrationId: string, extraObjects: string[] = []): Promise<{ objects: string[] }> {
  const integration = await db.integration.findUnique({ where: { id: integrationId } });
  if (!integration || integration.system !== "SALESFORCE" || integration.status !== "CONNECTED") return { objects: [] };
  const objects = [...new Set([...DESCRIBED_BY_DEFAULT, ...extraObjects])];
  const described = await withSalesforce(integration, (sf) => Promise.all(objects.map((name) => sf.describeObject(name))));
  const now = new Date();
  await db.$transaction(
    described.map((d) =>
      db.salesforceDescribe.upsert({
        where: { integrationId_objectName: { integrationId, objectName: d.name } },
        create: { integrationId, objectName: d.name, label: d.label, fields: d.fields as unknown as Prisma.InputJsonValue, refreshedAt: now },
        update: { label: d.label, fields: d.fields as unknown as Prisma.InputJsonValue, refreshedAt: now },
      }),
    ),
  );
  return { objects: described.map((d) => d.name) };
}

export async function connectedSalesforceIds(): Promise<string[]> {
  const rows = await db.integration.findMany({ where: { system: "SALESFORCE", status: "CONNECTED" }, select: { id: true } });
  return rows.map((r) => r.id);
}
