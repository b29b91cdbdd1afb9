import { z } from "zod";
import { db } from "@/lib/db";
import { Prisma, type HubRecordState, type IntegrationSystem } from "@/lib/generated/prisma/client";
import { SYSTEM_LABEL } from "@/lib/hub/integrations";
import { pageCount, planPage } from "@/lib/sync/history/page-plan";
import { optionalParam } from "@/lib/sync/history/params";

// Read model of the Accounts list: the hub's Salesforce accounts and what each is linked to in
// Pendo and Gainsight PX. Built for 100,000 accounts: every page reads at most one page of rows.
// - Active accounts come first, then those deleted or merged in Salesforce: each state is read on its
//   own query (page-plan.ts) instead of sorting the table by state.
// - Within a state, rows come in primary-key order (integrationId, id): an index walk that stops
//   after one page. Ordering by name would sort every account on each request; it needs an index on
//   (state, name) first.
// - Search is a name substring (case-insensitive) or a Salesforce id prefix; without a trigram
//   index that is one scan of the table per search, stopped early by the page size.
// Not yet scoped by sharing groups: lib/auth/data-scope.ts does not exist yet.

const STATES = ["ACTIVE", "TO_MERGE", "TO_DELETE"] as const satisfies readonly HubRecordState[];

export const accountFilterSchema = z.object({
  /** Part of the account name, or the start of its Salesforce id. */
  q: optionalParam(z.string().trim().min(1).max(100)),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(50),
});
export type AccountFilter = z.infer<typeof accountFilterSchema>;

export interface AccountLink {
  system: IntegrationSystem;
  /** "Pendo", "Gainsight PX" */
  tool: string;
  analyticsId: string;
  name: string | null;
  criterion: string;
  /** The analytics account was not found by the tool's last full pull. */
  removed: boolean;
}

export interface AccountRow {
  integrationId: string;
  id: string;
  name: string | null;
  website: string | null;
  state: HubRecordState;
  links: AccountLink[];
  /** Analytics users linked to this account's Salesforce contacts, per tool. */
  linkedUsers: { system: IntegrationSystem; tool: string; users: number }[];
}

export interface AccountList {
  accounts: AccountRow[];
  /** Accounts matching the search, per state. */
  counts: Record<HubRecordState, number>;
  total: number;
  page: number;
  pageCount: number;
  pageSize: number;
  /** False only when the hub holds no Salesforce account at all (nothing pulled yet). */
  anyAccount: boolean;
}

function searchWhere(q: string | undefined): Prisma.SfAccountWhereInput {
  if (!q) return {};
  return { OR: [{ name: { contains: q, mode: "insensitive" } }, { id: { startsWith: q } }] };
}

export async function listAccounts(filter: AccountFilter): Promise<AccountList> {
  const where = searchWhere(filter.q);
  const grouped = await db.sfAccount.groupBy({ by: ["state"], where, _count: { _all: true } });
  const counts = { ACTIVE: 0, TO_MERGE: 0, TO_DELETE: 0 } satisfies Record<HubRecordState, number>;
  for (const g of grouped) counts[g.state] = g._count._all;
  const total = STATES.reduce((n, s) => n + counts[s], 0);

  const slices = planPage(
    STATES.map((state) => ({ key: state, count: counts[state] })),
    (filter.page - 1) * filter.pageSize,
    filter.pageSize,
  );
  const pages = await Promise.all(
    slices.map((s) =>
      db.sfAccount.findMany({
        where: { ...where, state: s.key },
        orderBy: [{ integrationId: "asc" }, { id: "asc" }],
        skip: s.skip,
        take: s.take,
        select: { integrationId: true, id: true, name: true, website: true, state: true },
      }),
    ),
  );
  const accounts = pages.flat();
  const anyAccount = total > 0 || (filter.q ? (await db.sfAccount.findFirst({ select: { id: true } })) !== null : false);

  return {
    accounts: await withLinks(accounts),
    counts,
    total,
    page: filter.page,
    pageCount: pageCount(total, filter.pageSize),
    pageSize: filter.pageSize,
    anyAccount,
  };
}

type AccountBase = Pick<AccountRow, "integrationId" | "id" | "name" | "website" | "state">;

/** The page's links, analytics names and linked-user counts: three indexed queries for the whole page. */
async function withLinks(accounts: AccountBase[]): Promise<AccountRow[]> {
  if (accounts.length === 0) return [];
  const tools = await db.integration.findMany({ where: { system: { in: ["PENDO", "PX"] } }, select: { id: true, system: true } });
  const toolIds = tools.map((t) => t.id);
  if (toolIds.length === 0) return accounts.map((a) => ({ ...a, links: [], linkedUsers: [] }));
  const systemOf = new Map(tools.map((t) => [t.id, t.system]));
  const ids = accounts.map((a) => a.id);
  const salesforceIntegrationIds = [...new Set(accounts.map((a) => a.integrationId))];

  const [links, users] = await Promise.all([
    // [integrationId, entity, salesforceId] index: the tool ids lead, so it is used.
    db.matchLink.findMany({
      where: { integrationId: { in: toolIds }, entity: "ACCOUNT", salesforceId: { in: ids } },
      select: { integrationId: true, analyticsId: true, salesforceId: true, criterion: true },
      orderBy: [{ integrationId: "asc" }, { analyticsId: "asc" }],
    }),
    // Contacts by [integrationId, accountId], then their user links by [integrationId, entity, salesforceId].
    db.$queryRaw<{ accountId: string; integrationId: string; users: number }[]>`
      SELECT c."accountId", l."integrationId", COUNT(*)::int AS users
        FROM "SfContact" c
        JOIN "MatchLink" l ON l."salesforceId" = c.id AND l.entity = 'CONTACT' AND l."integrationId" IN (${Prisma.join(toolIds)})
       WHERE c."integrationId" IN (${Prisma.join(salesforceIntegrationIds)}) AND c."accountId" IN (${Prisma.join(ids)})
       GROUP BY c."accountId", l."integrationId"`,
  ]);
  const analytics = links.length
    ? await db.analyticsAccount.findMany({
        where: { integrationId: { in: toolIds }, externalId: { in: [...new Set(links.map((l) => l.analyticsId))] } },
        select: { integrationId: true, externalId: true, name: true, removedAt: true },
      })
    : [];
  const analyticsOf = new Map(analytics.map((a) => [`${a.integrationId}:${a.externalId}`, a]));

  const linksOf = new Map<string, AccountLink[]>();
  for (const l of links) {
    const system = systemOf.get(l.integrationId)!;
    const a = analyticsOf.get(`${l.integrationId}:${l.analyticsId}`);
    const list = linksOf.get(l.salesforceId) ?? [];
    list.push({ system, tool: SYSTEM_LABEL[system], analyticsId: l.analyticsId, name: a?.name ?? null, criterion: l.criterion, removed: Boolean(a?.removedAt) });
    linksOf.set(l.salesforceId, list);
  }
  const usersOf = new Map<string, AccountRow["linkedUsers"]>();
  for (const u of users) {
    const system = systemOf.get(u.integrationId)!;
    const list = usersOf.get(u.accountId) ?? [];
    list.push({ system, tool: SYSTEM_LABEL[system], users: u.users });
    usersOf.set(u.accountId, list);
  }
  return accounts.map((a) => ({ ...a, links: linksOf.get(a.id) ?? [], linkedUsers: usersOf.get(a.id) ?? [] }));
}
