import type { AccountCriterion, ContactCriterion, MatchRules } from "@/lib/matching/rules";

// The page edits every criterion as a row (enabled or not) in priority order; saving keeps the
// enabled rows in that order. Custom field rows exist only once the admin adds a pair.

export type Entity = "accounts" | "contacts";
export type Criterion = AccountCriterion | ContactCriterion;
export interface CriterionRow {
  id: string;
  enabled: boolean;
  criterion: Criterion;
}

const BUILT_IN: Record<Entity, Criterion[]> = {
  accounts: [{ kind: "salesforceId" }, { kind: "domain" }, { kind: "name", exact: false }, { kind: "recentUserDomain" }],
  contacts: [{ kind: "salesforceContactId" }, { kind: "email" }, { kind: "phone" }],
};

export function rowId(c: Criterion): string {
  return c.kind === "customField" ? `customField:${c.salesforceField}:${c.analyticsField}` : c.kind;
}

export function rowsFromRules(rules: MatchRules, entity: Entity): CriterionRow[] {
  const saved = rules[entity] as Criterion[];
  const rows: CriterionRow[] = saved.map((c) => ({ id: rowId(c), enabled: true, criterion: c }));
  for (const c of BUILT_IN[entity]) if (!rows.some((r) => r.id === rowId(c))) rows.push({ id: rowId(c), enabled: false, criterion: c });
  return rows;
}

export function rulesFromRows(rows: Record<Entity, CriterionRow[]>): MatchRules {
  return {
    accounts: rows.accounts.filter((r) => r.enabled).map((r) => r.criterion) as AccountCriterion[],
    contacts: rows.contacts.filter((r) => r.enabled).map((r) => r.criterion) as ContactCriterion[],
  };
}

export function move<T>(list: T[], from: number, to: number): T[] {
  if (to < 0 || to >= list.length || from === to) return list;
  const next = [...list];
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item!);
  return next;
}
