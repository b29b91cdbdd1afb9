import { db } from "@/lib/db";

// Records on the run page carry their names, not only ids (issue 11): a Salesforce account's or
// contact's name, a Pendo or PX account's name, a user's name or email, as the hub holds them now.
// One query per kind of record on the page, whatever the page size.

export interface NamedRecord {
  stepId: string;
  system: string;
  object: string;
  recordId: string;
}

const key = (system: string, object: string, id: string) => `${system}:${object}:${id}`;

/** Names by `system:object:recordId`; a record the hub no longer holds has none. */
export async function recordNames(records: readonly NamedRecord[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  if (records.length === 0) return names;
  const ids = (system: string, object: string) => [...new Set(records.filter((r) => r.system === system && r.object === object).map((r) => r.recordId))];
  const analytics = records.filter((r) => r.system !== "salesforce");
  // Analytics ids are unique per tool only: the step says which tool the record belongs to.
  const steps = analytics.length ? await db.syncStep.findMany({ where: { id: { in: [...new Set(analytics.map((r) => r.stepId))] } }, select: { id: true, integrationId: true } }) : [];
  const toolOf = new Map(steps.map((s) => [s.id, s.integrationId]));
  const toolIds = [...new Set(steps.map((s) => s.integrationId))];
  const analyticsIds = (object: string) => [...new Set(analytics.filter((r) => r.object === object).map((r) => r.recordId))];

  const [accounts, contacts, toolAccounts, toolUsers] = await Promise.all([
    ids("salesforce", "account").length ? db.sfAccount.findMany({ where: { id: { in: ids("salesforce", "account") } }, select: { id: true, name: true } }) : [],
    ids("salesforce", "contact").length ? db.sfContact.findMany({ where: { id: { in: ids("salesforce", "contact") } }, select: { id: true, name: true, email: true } }) : [],
    analyticsIds("account").length ? db.analyticsAccount.findMany({ where: { integrationId: { in: toolIds }, externalId: { in: analyticsIds("account") } }, select: { integrationId: true, externalId: true, name: true } }) : [],
    analyticsIds("user").length ? db.analyticsUser.findMany({ where: { integrationId: { in: toolIds }, externalId: { in: analyticsIds("user") } }, select: { integrationId: true, externalId: true, name: true, email: true } }) : [],
  ]);
  for (const a of accounts) if (a.name) names.set(key("salesforce", "account", a.id), a.name);
  for (const c of contacts) if (c.name || c.email) names.set(key("salesforce", "contact", c.id), c.name ?? c.email!);
  const byTool = new Map<string, string>();
  for (const a of toolAccounts) if (a.name) byTool.set(`${a.integrationId}:account:${a.externalId}`, a.name);
  for (const u of toolUsers) if (u.name || u.email) byTool.set(`${u.integrationId}:user:${u.externalId}`, u.name ?? u.email!);
  for (const r of analytics) {
    const name = byTool.get(`${toolOf.get(r.stepId)}:${r.object}:${r.recordId}`);
    if (name) names.set(key(r.system, r.object, r.recordId), name);
  }
  return names;
}

export function nameOf(names: ReadonlyMap<string, string>, r: NamedRecord): string | null {
  return names.get(key(r.system, r.object, r.recordId)) ?? null;
}
