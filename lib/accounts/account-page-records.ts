import { db } from "@/lib/db";
import type { FieldDescribe } from "@/lib/connectors/salesforce/connection";
import type { IntegrationSystem } from "@/lib/generated/prisma/client";
import { SYSTEM_LABEL } from "@/lib/hub/integrations";
import type { VisibleAccount } from "@/lib/accounts/account-page-scope";

// What the account is made of in the hub: the Pendo and PX accounts matching linked to it (and
// the criterion that linked each), and the Salesforce fields the pull brought in, named by the
// cached describe where there is one (pages never call Salesforce).

export interface LinkedRecord {
  system: IntegrationSystem;
  tool: string;
  analyticsId: string;
  name: string | null;
  website: string | null;
  /** The matching criterion that made the link (salesforceId, domain, name…) and the key it matched on. */
  criterion: string;
  key: string | null;
  matchedAt: Date;
  /** The tool's last full pull did not find it. */
  removedAt: Date | null;
  lastSeenAt: Date | null;
  /** The Salesforce account id the tool itself carries, as it carries it. */
  salesforceIdRaw: string | null;
}

export interface SalesforceFieldValue {
  name: string;
  /** The describe's label; null when no describe of the object is cached or it lists no such field. */
  label: string | null;
  type: string | null;
  /** As text; null for an empty value. */
  value: string | null;
  /** For a lookup to a Salesforce user (CSM__c, OwnerId): the user's name as last pulled. */
  user: { name: string | null; email: string | null } | null;
}

export interface SalesforceFields {
  object: string;
  /** When the describe was cached; null when it never was. */
  describedAt: Date | null;
  fields: SalesforceFieldValue[];
}

export async function linkedRecords(accountId: string): Promise<LinkedRecord[]> {
  const tools = await db.integration.findMany({ where: { system: { in: ["PENDO", "PX"] } }, select: { id: true, system: true } });
  if (tools.length === 0) return [];
  const systemOf = new Map(tools.map((t) => [t.id, t.system]));
  const links = await db.matchLink.findMany({
    where: { integrationId: { in: tools.map((t) => t.id) }, entity: "ACCOUNT", salesforceId: accountId },
    orderBy: [{ integrationId: "asc" }, { analyticsId: "asc" }],
  });
  if (links.length === 0) return [];
  const accounts = await db.analyticsAccount.findMany({
    where: { OR: links.map((l) => ({ integrationId: l.integrationId, externalId: l.analyticsId })) },
    select: { integrationId: true, externalId: true, name: true, website: true, removedAt: true, lastSeenAt: true, salesforceIdRaw: true },
  });
  const accountOf = new Map(accounts.map((a) => [`${a.integrationId}\u0000${a.externalId}`, a]));
  return links
    .map((l): LinkedRecord => {
      const system = systemOf.get(l.integrationId)!;
      const a = accountOf.get(`${l.integrationId}\u0000${l.analyticsId}`);
      return {
        system,
        tool: SYSTEM_LABEL[system],
        analyticsId: l.analyticsId,
        name: a?.name ?? null,
        website: a?.website ?? null,
        criterion: l.criterion,
        key: l.key,
        matchedAt: l.matchedAt,
        removedAt: a?.removedAt ?? null,
        lastSeenAt: a?.lastSeenAt ?? null,
        salesforceIdRaw: a?.salesforceIdRaw ?? null,
      };
    })
    .sort((x, y) => (x.system === y.system ? 0 : x.system === "PENDO" ? -1 : 1));
}

function asText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "string") return value.trim() === "" ? null : value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}

/** The pulled fields by label (API name where there is no label), with user lookups resolved. */
export async function salesforceFields(account: VisibleAccount): Promise<SalesforceFields> {
  const describe = await db.salesforceDescribe.findUnique({ where: { integrationId_objectName: { integrationId: account.integrationId, objectName: account.objectName } } });
  const described = new Map(((describe?.fields ?? []) as unknown as FieldDescribe[]).map((f) => [f.name, f]));
  const raw: Record<string, unknown> = { ...(account.ownerId ? { OwnerId: account.ownerId } : {}), ...((account.fields ?? {}) as Record<string, unknown>) };
  const isUserLookup = (name: string) => name === "OwnerId" || name === "CSM__c" || (described.get(name)?.referenceTo ?? []).includes("User");
  const userIds = Object.entries(raw)
    .filter(([name, v]) => isUserLookup(name) && typeof v === "string" && v !== "")
    .map(([, v]) => v as string);
  const users = userIds.length
    ? await db.sfUser.findMany({ where: { integrationId: account.integrationId, id: { in: [...new Set(userIds)] } }, select: { id: true, name: true, email: true } })
    : [];
  const userOf = new Map(users.map((u) => [u.id, u]));
  const fields = Object.entries(raw).map(([name, v]): SalesforceFieldValue => {
    const d = described.get(name);
    const u = isUserLookup(name) && typeof v === "string" ? userOf.get(v) : undefined;
    return { name, label: d?.label ?? null, type: d?.type ?? null, value: asText(v), user: u ? { name: u.name, email: u.email } : null };
  });
  fields.sort((a, b) => (a.label ?? a.name).localeCompare(b.label ?? b.name) || a.name.localeCompare(b.name));
  return { object: account.objectName, describedAt: describe?.refreshedAt ?? null, fields };
}
