import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";

// The one sharing-group scope every account query applies (seed 003: public-sector accounts are
// seen only by the people cleared for them). A sharing group protects the Salesforce accounts whose
// SfAccount.fields->>fieldName equals fieldValue. An account protected by one or more groups is
// visible only to members of at least one of those groups, whatever their role: an admin who needs
// to see them adds themselves to a group, and that is audited. An account no group protects is
// visible to everyone signed in.
//
// Written as a condition on the account's own row, never as a list of ids: the Accounts list reads
// 100,000 accounts in one pass and the condition is evaluated on the row it already holds. For a
// viewer who is a member of every group the condition is TRUE and costs nothing.
//
// With H the groups the viewer is not a member of and M their own groups:
//   visible = NOT (an H group matches) OR (an M group matches)
// "Matches" is null-safe: an account without the field is not protected by it.

/** The match of one sharing group, as the SharingGroup row holds it. */
export interface SharingRule {
  fieldName: string;
  fieldValue: string;
}

/** What one reader may see of the accounts. Build it with dataScope(); scopeFromGroups() is its pure half. */
export interface DataScope {
  /** Rules of the groups the reader is not a member of: an account matching one is hidden... */
  hidden: readonly SharingRule[];
  /** ...unless it also matches a rule of one of the reader's own groups. */
  shown: readonly SharingRule[];
}

/**
 * The command line and the worker: operators on the server itself, no session, every account. Named
 * so a read that skips the scope says so where it is called, and a signed-in user can never be it.
 */
export const OPERATOR = Object.freeze({ operator: "command line or worker" as const });

/** Who an account read is for: a signed-in user (CurrentUser fits), or the OPERATOR. */
export type Reader = { readonly id: string } | typeof OPERATOR;

const EVERY_ACCOUNT: DataScope = Object.freeze({ hidden: [], shown: [] });

/** The pure half of dataScope(): every group, and whether the reader is a member of it. */
export function scopeFromGroups(groups: readonly (SharingRule & { member: boolean })[]): DataScope {
  const rule = (g: SharingRule): SharingRule => ({ fieldName: g.fieldName, fieldValue: g.fieldValue });
  const shown = groups.filter((g) => g.member).map(rule);
  // A hidden rule also carried by one of the reader's groups hides nothing from them: drop it.
  const mine = new Set(shown.map((r) => JSON.stringify([r.fieldName, r.fieldValue])));
  const hidden = groups.filter((g) => !g.member && !mine.has(JSON.stringify([g.fieldName, g.fieldValue]))).map(rule);
  return hidden.length === 0 ? EVERY_ACCOUNT : { hidden, shown };
}

/** True when the scope hides nothing: callers may skip the condition entirely. */
export function seesEveryAccount(scope: DataScope): boolean {
  return scope.hidden.length === 0;
}

// Once per reader object: a page or route loads its CurrentUser once per request, so this is a
// per-request cache. Keyed weakly, so a membership change applies at the next request.
const scopes = new WeakMap<object, Promise<DataScope>>();

async function loadScope(userId: string): Promise<DataScope> {
  const groups = await db.sharingGroup.findMany({
    select: { fieldName: true, fieldValue: true, members: { where: { userId }, select: { userId: true } } },
  });
  return scopeFromGroups(groups.map((g) => ({ fieldName: g.fieldName, fieldValue: g.fieldValue, member: g.members.length > 0 })));
}

/** The reader's scope: their sharing groups read once per request (a handful of rows). */
export function dataScope(reader: Reader): Promise<DataScope> {
  if (!("id" in reader)) return Promise.resolve(EVERY_ACCOUNT);
  let scope = scopes.get(reader);
  if (!scope) {
    scope = loadScope(reader.id);
    // A failed read is not cached: the next call asks again.
    scope.catch(() => scopes.delete(reader));
    scopes.set(reader, scope);
  }
  return scope;
}

const anyMatchSql = (rules: readonly SharingRule[], fields: Prisma.Sql) =>
  Prisma.join(
    rules.map((r) => Prisma.sql`(${fields}->>${r.fieldName}) = ${r.fieldValue}`),
    " OR ",
  );

/**
 * The scope as an SQL condition on an SfAccount `fields` column, e.g. accountVisibleSql(scope,
 * Prisma.sql`a."fields"`). COALESCE makes a missing field "not matched" rather than NULL, which NOT
 * would carry through and so hide an unprotected account.
 */
export function accountVisibleSql(scope: DataScope, fields: Prisma.Sql): Prisma.Sql {
  if (seesEveryAccount(scope)) return Prisma.sql`TRUE`;
  const hidden = Prisma.sql`NOT COALESCE(${anyMatchSql(scope.hidden, fields)}, FALSE)`;
  if (scope.shown.length === 0) return Prisma.sql`(${hidden})`;
  return Prisma.sql`(${hidden} OR COALESCE(${anyMatchSql(scope.shown, fields)}, FALSE))`;
}

/**
 * The scope as an SQL condition on a column holding a Salesforce account id, for the account's
 * children (health scores, cases, contacts…) read without the account. An id the hub holds no
 * account for is not visible: a child outlives its account only until the next pull.
 */
export function accountIdVisibleSql(scope: DataScope, accountId: Prisma.Sql): Prisma.Sql {
  if (seesEveryAccount(scope)) return Prisma.sql`TRUE`;
  return Prisma.sql`EXISTS (SELECT 1 FROM "SfAccount" scoped WHERE scoped."id" = ${accountId} AND ${accountVisibleSql(scope, Prisma.sql`scoped."fields"`)})`;
}

/**
 * The JSON values whose ->> text is `text`, for Prisma's JSON filters (which compare JSON, not
 * text): always the string; "true"/"false" as booleans; a number written as JavaScript writes it
 * (Salesforce numbers arrive through JSON.parse, so they are stored in that form).
 */
export function jsonForms(text: string): Prisma.InputJsonValue[] {
  const forms: Prisma.InputJsonValue[] = [text];
  if (text === "true" || text === "false") forms.push(text === "true");
  else if (text.trim() !== "" && Number.isFinite(Number(text)) && String(Number(text)) === text) forms.push(Number(text));
  return forms;
}

const anyMatchWhere = (rules: readonly SharingRule[]): Prisma.SfAccountWhereInput[] =>
  rules.flatMap((r) => jsonForms(r.fieldValue).map((value) => ({ fields: { path: [r.fieldName], equals: value } })));

/**
 * The scope as a Prisma `where` on SfAccount, for the reads that use the client. Prisma renders a
 * JSON path filter under NOT as `NOT (… = …)`, NULL for a missing field; hence "not matched" is
 * spelled as the conjunction of one `not` filter per form, each with an explicit missing-field case.
 */
export function accountVisibleWhere(scope: DataScope): Prisma.SfAccountWhereInput {
  if (seesEveryAccount(scope)) return {};
  const unmatched: Prisma.SfAccountWhereInput[] = scope.hidden.flatMap((r) =>
    jsonForms(r.fieldValue).map((value) => ({
      OR: [{ fields: { path: [r.fieldName], equals: Prisma.AnyNull } }, { NOT: { fields: { path: [r.fieldName], equals: value } } }],
    })),
  );
  const hidden: Prisma.SfAccountWhereInput = { AND: unmatched };
  return scope.shown.length === 0 ? hidden : { OR: [hidden, ...anyMatchWhere(scope.shown)] };
}

/** The sentence a hidden account answers with: the same as for an id the hub does not hold. */
export function accountNotFound(accountId: string): AppError {
  return new AppError("NOT_FOUND", `There is no Salesforce account ${accountId} in the hub. Open the account from the Accounts list.`);
}

/**
 * Throws NOT_FOUND (404 through lib/http/route.ts) unless the reader may see the account. A hidden
 * account and an id the hub does not hold answer alike, so an id in an address reveals nothing.
 */
export async function assertAccountVisible(reader: Reader, accountId: string): Promise<void> {
  const scope = await dataScope(reader);
  const [row] = await db.$queryRaw<{ found: boolean }[]>`
    SELECT TRUE AS "found" FROM "SfAccount" a WHERE a."id" = ${accountId} AND ${accountVisibleSql(scope, Prisma.sql`a."fields"`)} LIMIT 1`;
  if (!row) throw accountNotFound(accountId);
}

/** Of these Salesforce account ids, those the reader may see (by index: one lookup per id). */
export async function visibleAccountIds(reader: Reader, accountIds: Iterable<string>): Promise<Set<string>> {
  const ids = [...new Set(accountIds)];
  if (ids.length === 0) return new Set();
  const scope = await dataScope(reader);
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT DISTINCT a."id" FROM "SfAccount" a WHERE a."id" = ANY(${ids}::text[]) AND ${accountVisibleSql(scope, Prisma.sql`a."fields"`)}`;
  return new Set(rows.map((r) => r.id));
}
