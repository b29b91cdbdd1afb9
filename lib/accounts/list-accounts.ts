import { dataScope } from "@/lib/auth/data-scope";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { pageCount } from "@/lib/sync/history/page-plan";
import { utcDay } from "@/lib/usage/days";
import { CSM_ME, DEFAULT_SORT, type AccountExportFilter, type AccountFilter } from "@/lib/accounts/list-filter";
import { accountFilterOptions, type FilterOptions } from "@/lib/accounts/list-options";
import { orderedAccounts } from "@/lib/accounts/list-order";
import { accountRows, type AccountRow } from "@/lib/accounts/list-rows";
import { accountsWhere } from "@/lib/accounts/list-where";

// Read model of the Accounts list, the list CSMs work from: every Salesforce account in the hub
// with its health first, then what it pays and when it renews, who looks after it and how much it
// is used. Built for 100,000 accounts (bench/accounts.ts measures it):
// - list-order.ts picks and orders the page's accounts and counts them all: one pass over the
//   accounts the filter chooses (and, for a health sort or colour filter, their newest scores);
// - the page's rows are then read by id (list-rows.ts): a few indexed lookups per row;
// - the filter's choices (list-options.ts): one grouped pass over the accounts.
// Offset paging: a deep page costs a bigger top-N sort of the chosen accounts, not more passes.

export type { AccountRow, AccountLink, AccountHealth } from "@/lib/accounts/list-rows";

/** The signed-in user the list is for: their email for "my accounts", their id for their sharing groups. */
export interface Viewer {
  id: string;
  email: string;
}

export interface AccountList {
  accounts: AccountRow[];
  /** Accounts the filter chooses, and of them deleted or merged in Salesforce (listed last). */
  total: number;
  retired: number;
  page: number;
  pageCount: number;
  pageSize: number;
  /** What the hub holds (of the accounts the viewer may see), so an empty list can say why it is empty. */
  hub: { anyAccount: boolean; newestScoreDay: string | null };
  /** With csm=me: the Salesforce users carrying the viewer's email (none: the view is empty for that reason). */
  me: { email: string; users: { id: string; name: string | null }[] } | null;
  options: FilterOptions;
}

/** The Salesforce users whose email is the viewer's, compared without regard to case. */
async function salesforceUsersOf(email: string): Promise<{ id: string; name: string | null }[]> {
  return db.$queryRaw<{ id: string; name: string | null }[]>`
    SELECT "id", "name" FROM "SfUser" WHERE lower("email") = lower(${email.trim()}) ORDER BY "id"`;
}

interface Chosen {
  /** The accounts the filter chooses. */
  where: Prisma.Sql;
  /** Every account the viewer may see (the filter's choices are drawn from these). */
  visible: Prisma.Sql;
  me: AccountList["me"];
}

async function choose(filter: AccountExportFilter, viewer: Viewer, now: Date): Promise<Chosen> {
  const me = filter.csm === CSM_ME ? { email: viewer.email, users: await salesforceUsersOf(viewer.email) } : null;
  const ctx = { today: utcDay(now), myUserIds: me?.users.map((u) => u.id) ?? [], scope: await dataScope(viewer) };
  return { where: accountsWhere(filter, ctx), visible: accountsWhere({ sort: DEFAULT_SORT }, ctx), me };
}

export async function listAccounts(filter: AccountFilter, viewer: Viewer, now = new Date()): Promise<AccountList> {
  const { where, visible, me } = await choose(filter, viewer, now);
  const [ordered, hub, options] = await Promise.all([
    orderedAccounts(filter, where, now, { limit: filter.pageSize, offset: (filter.page - 1) * filter.pageSize }),
    db.$queryRaw<[{ anyAccount: boolean; newestScoreDay: string | null }]>`
      SELECT EXISTS (SELECT 1 FROM "SfAccount" a WHERE ${visible}) AS "anyAccount", (SELECT to_char(max("day"), 'YYYY-MM-DD') FROM "HealthScore") AS "newestScoreDay"`,
    accountFilterOptions(visible),
  ]);
  return {
    accounts: await accountRows(ordered.keys, now),
    total: ordered.total,
    retired: ordered.retired,
    page: filter.page,
    pageCount: pageCount(ordered.total, filter.pageSize),
    pageSize: filter.pageSize,
    hub: hub[0],
    me,
    options,
  };
}

/** Accounts per batch of the export: bounds the statement's arrays and what is held in memory. */
const EXPORT_BATCH = 500;

/**
 * Every account the filter chooses, in the list's order, for the CSV export. The order is read
 * once (ids only: about 40 bytes an account), then the rows in batches as the download pulls them.
 */
export async function* allAccounts(filter: AccountExportFilter, viewer: Viewer, now = new Date()): AsyncGenerator<AccountRow> {
  const { where } = await choose(filter, viewer, now);
  const { keys } = await orderedAccounts(filter, where, now, null);
  for (let i = 0; i < keys.length; i += EXPORT_BATCH) {
    yield* await accountRows(keys.slice(i, i + EXPORT_BATCH), now);
  }
}
