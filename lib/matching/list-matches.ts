import { z } from "zod";
import { accountVisibleWhere, dataScope, visibleAccountIds, type Reader } from "@/lib/auth/data-scope";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { SYSTEM_LABEL } from "@/lib/hub/integrations";

// Read models for the Exceptions page, its CSV export and the command line.
//
// Sharing groups (lib/auth/data-scope.ts): an exception is an analytics record matching could not
// link, which no group protects (groups are conditions on Salesforce accounts), and resolving it
// needs every one listed, so rows are not scoped. What they say about Salesforce is: the names of
// candidate accounts (and contacts of accounts) the reader may not see are left out, so the row
// shows the bare id the analytics tool itself sent; retired accounts are Salesforce accounts and
// are listed only when the reader may see them.

// A GET form sends empty fields as "": treat them as "no filter", not as bad input.
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === "" ? undefined : v), schema.optional());

export const exceptionFilterSchema = z.object({
  integrationId: optional(z.string().max(40)),
  entity: optional(z.enum(["ACCOUNT", "CONTACT"])),
  kind: optional(z.enum(["UNMATCHED", "AMBIGUOUS", "DUPLICATE", "EXCLUDED"])),
  q: optional(z.string().trim().max(200)),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});
export type ExceptionFilter = z.infer<typeof exceptionFilterSchema>;

export interface ExceptionRow {
  integrationId: string;
  system: string;
  entity: "ACCOUNT" | "CONTACT";
  analyticsId: string;
  label: string | null;
  kind: string;
  reason: string;
  tried: unknown;
  salesforceId: string | null;
  sharedWith: string[];
  since: string;
  override: { action: string; salesforceId: string | null; by: string | null } | null;
  /**
   * Names of the Salesforce records the row points at (the candidates its criteria found and the
   * record it resolves to), keyed by Salesforce id: the "Why" and the pin dialog show a name beside
   * each raw id. Ids the hub has no name for are absent. Always set by this read model; optional
   * only so rows built by hand (the CSV tests) need not carry it.
   */
  candidateNames?: Record<string, string>;
}

/** The Salesforce ids a row shows: every candidate a criterion found, and the record it resolves to. */
function salesforceIdsShown(r: { tried: unknown; salesforceId: string | null }): string[] {
  const ids = r.salesforceId ? [r.salesforceId] : [];
  if (Array.isArray(r.tried)) {
    for (const step of r.tried as { outcome?: unknown; candidates?: unknown }[]) {
      if (step?.outcome === "none" || !Array.isArray(step?.candidates)) continue;
      for (const c of step.candidates) if (typeof c === "string") ids.push(c);
    }
  }
  return ids;
}

/**
 * Names for the Salesforce ids a page of exceptions shows, per object: one query for accounts and
 * one for contacts, whatever the page size (the engine keeps at most five candidates per criterion).
 */
async function salesforceNames(
  rows: { entity: "ACCOUNT" | "CONTACT"; tried: unknown; salesforceId: string | null }[],
  reader: Reader,
): Promise<Record<"ACCOUNT" | "CONTACT", Map<string, string>>> {
  const accountIds = new Set<string>();
  const contactIds = new Set<string>();
  for (const r of rows) for (const id of salesforceIdsShown(r)) (r.entity === "ACCOUNT" ? accountIds : contactIds).add(id);
  const scope = await dataScope(reader);
  const [accounts, contacts] = await Promise.all([
    accountIds.size ? db.sfAccount.findMany({ where: { AND: [{ id: { in: [...accountIds] } }, accountVisibleWhere(scope)] }, select: { id: true, name: true } }) : [],
    contactIds.size ? db.sfContact.findMany({ where: { id: { in: [...contactIds] } }, select: { id: true, name: true, email: true, accountId: true } }) : [],
  ]);
  const visible = await visibleAccountIds(reader, contacts.flatMap((c) => (c.accountId ? [c.accountId] : [])));
  const names = { ACCOUNT: new Map<string, string>(), CONTACT: new Map<string, string>() };
  for (const a of accounts) if (a.name) names.ACCOUNT.set(a.id, a.name);
  // A contact's name tells apart candidates that share the email the criterion looked up.
  for (const c of contacts) {
    const name = c.name ?? c.email;
    if (name && (c.accountId === null || visible.has(c.accountId))) names.CONTACT.set(c.id, name);
  }
  return names;
}

function namesOf(ids: string[], names: Map<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const id of ids) {
    const name = names.get(id);
    if (name) out[id] = name;
  }
  return out;
}

function where(filter: Omit<ExceptionFilter, "page" | "pageSize">): Prisma.MatchExceptionWhereInput {
  return {
    ...(filter.integrationId ? { integrationId: filter.integrationId } : {}),
    ...(filter.entity ? { entity: filter.entity } : {}),
    ...(filter.kind ? { kind: filter.kind } : {}),
    ...(filter.q
      ? { OR: [{ analyticsId: { contains: filter.q, mode: "insensitive" } }, { reason: { contains: filter.q, mode: "insensitive" } }, { salesforceId: { contains: filter.q, mode: "insensitive" } }] }
      : {}),
  };
}

async function decorate(rows: Awaited<ReturnType<typeof db.matchException.findMany>>, reader: Reader): Promise<ExceptionRow[]> {
  const integrations = new Map((await db.integration.findMany({ select: { id: true, system: true } })).map((i) => [i.id, i.system]));
  const accountIds = rows.filter((r) => r.entity === "ACCOUNT").map((r) => r.analyticsId);
  const userIds = rows.filter((r) => r.entity === "CONTACT").map((r) => r.analyticsId);
  const [accounts, users, overrides, sfNames] = await Promise.all([
    db.analyticsAccount.findMany({ where: { externalId: { in: accountIds } }, select: { integrationId: true, externalId: true, name: true } }),
    db.analyticsUser.findMany({ where: { externalId: { in: userIds } }, select: { integrationId: true, externalId: true, email: true, name: true } }),
    db.matchOverride.findMany({ where: { analyticsId: { in: [...accountIds, ...userIds] } } }),
    salesforceNames(rows, reader),
  ]);
  const labels = new Map<string, string | null>();
  for (const a of accounts) labels.set(`${a.integrationId}:ACCOUNT:${a.externalId}`, a.name);
  for (const u of users) labels.set(`${u.integrationId}:CONTACT:${u.externalId}`, u.email ?? u.name);
  const overrideOf = new Map(overrides.map((o) => [`${o.integrationId}:${o.entity}:${o.analyticsId}`, o]));
  return rows.map((r) => {
    const key = `${r.integrationId}:${r.entity}:${r.analyticsId}`;
    const o = overrideOf.get(key);
    const system = integrations.get(r.integrationId);
    return {
      integrationId: r.integrationId,
      system: system ? SYSTEM_LABEL[system] : "Removed integration",
      entity: r.entity,
      analyticsId: r.analyticsId,
      label: labels.get(key) ?? null,
      kind: r.kind,
      reason: r.reason,
      tried: r.tried,
      salesforceId: r.salesforceId,
      sharedWith: r.sharedWith,
      since: r.since.toISOString(),
      override: o ? { action: o.action, salesforceId: o.salesforceId, by: o.createdBy } : null,
      candidateNames: namesOf(salesforceIdsShown(r), sfNames[r.entity]),
    };
  });
}

export async function listExceptions(filter: ExceptionFilter, reader: Reader): Promise<{ rows: ExceptionRow[]; total: number; counts: Record<string, number> }> {
  const w = where(filter);
  const [rows, total, grouped] = await Promise.all([
    db.matchException.findMany({
      where: w,
      orderBy: [{ kind: "asc" }, { since: "desc" }, { analyticsId: "asc" }],
      skip: (filter.page - 1) * filter.pageSize,
      take: filter.pageSize,
    }),
    db.matchException.count({ where: w }),
    db.matchException.groupBy({ by: ["kind"], where: where({ ...filter, kind: undefined }), _count: { _all: true } }),
  ]);
  const counts: Record<string, number> = { UNMATCHED: 0, AMBIGUOUS: 0, DUPLICATE: 0, EXCLUDED: 0 };
  for (const g of grouped) counts[g.kind] = g._count._all;
  return { rows: await decorate(rows, reader), total, counts };
}

/** Every exception matching the filter, in pages, for CSV export and the command line. */
export async function* allExceptions(filter: Omit<ExceptionFilter, "page" | "pageSize">, reader: Reader): AsyncGenerator<ExceptionRow> {
  let cursor: { integrationId: string; entity: "ACCOUNT" | "CONTACT"; analyticsId: string } | undefined;
  for (;;) {
    const rows = await db.matchException.findMany({
      where: where(filter),
      orderBy: [{ integrationId: "asc" }, { entity: "asc" }, { analyticsId: "asc" }],
      take: 2000,
      ...(cursor ? { cursor: { integrationId_entity_analyticsId: cursor }, skip: 1 } : {}),
    });
    if (rows.length === 0) return;
    yield* await decorate(rows, reader);
    const last = rows[rows.length - 1]!;
    cursor = { integrationId: last.integrationId, entity: last.entity, analyticsId: last.analyticsId };
  }
}

export interface LinkRow {
  system: string;
  integrationId: string;
  object: "account" | "contact";
  recordId: string;
  salesforceId: string;
  criterion: string;
  key: string | null;
  matchedAt: string;
}

export async function* allLinks(integrationId?: string): AsyncGenerator<LinkRow> {
  const integrations = new Map((await db.integration.findMany({ select: { id: true, system: true } })).map((i) => [i.id, i.system]));
  let cursor: { integrationId: string; entity: "ACCOUNT" | "CONTACT"; analyticsId: string } | undefined;
  for (;;) {
    const rows = await db.matchLink.findMany({
      where: integrationId ? { integrationId } : {},
      orderBy: [{ integrationId: "asc" }, { entity: "asc" }, { analyticsId: "asc" }],
      take: 5000,
      ...(cursor ? { cursor: { integrationId_entity_analyticsId: cursor }, skip: 1 } : {}),
    });
    if (rows.length === 0) return;
    for (const r of rows) {
      const system = integrations.get(r.integrationId);
      yield {
        system: system ? system.toLowerCase() : "unknown",
        integrationId: r.integrationId,
        object: r.entity === "ACCOUNT" ? "account" : "contact",
        recordId: r.analyticsId,
        salesforceId: r.salesforceId,
        criterion: r.criterion,
        key: r.key,
        matchedAt: r.matchedAt.toISOString(),
      };
    }
    const last = rows[rows.length - 1]!;
    cursor = { integrationId: last.integrationId, entity: last.entity, analyticsId: last.analyticsId };
  }
}

export interface RetiredAccountRow {
  id: string;
  name: string | null;
  state: "TO_MERGE" | "TO_DELETE";
  masterRecordId: string | null;
  deletedAt: string | null;
  /** What happened and what depended on it when it went (the reason for TO_MERGE). */
  reason: string;
}

/** Salesforce accounts deleted or merged there, which the hub keeps until an admin acts (seed 003); those the reader may see. */
export async function listRetiredAccounts(reader: Reader): Promise<RetiredAccountRow[]> {
  const visible = accountVisibleWhere(await dataScope(reader));
  const rows = await db.sfAccount.findMany({ where: { AND: [{ state: { in: ["TO_MERGE", "TO_DELETE"] } }, visible] }, orderBy: [{ state: "asc" }, { deletedAt: "desc" }], take: 1000 });
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    state: r.state as "TO_MERGE" | "TO_DELETE",
    masterRecordId: r.masterRecordId,
    deletedAt: r.deletedAt?.toISOString() ?? null,
    reason: r.retiredReason ?? (r.masterRecordId ? `merged into ${r.masterRecordId}` : "deleted in Salesforce"),
  }));
}
