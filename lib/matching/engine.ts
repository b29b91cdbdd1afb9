import type { Normalized } from "@/lib/matching/normalize";

// One engine for accounts and contacts. Each criterion says how to key a Salesforce record and an
// analytics record; the engine builds one hash index per criterion over Salesforce (O(M)), looks
// every analytics record up in rule order (O(N)), and then refuses links that two analytics
// records share. Nothing is ever picked "in no particular order".

export interface CriterionPlan<S, A> {
  label: string;
  salesforceKeys: (record: S) => string[];
  analyticsKey: (record: A) => Normalized;
}

export type Outcome = "none" | "one" | "many" | "skipped";

export interface Attempt {
  criterion: string;
  outcome: Outcome;
  key?: string;
  candidates?: string[];
  note?: string;
}

export interface Link {
  analyticsId: string;
  salesforceId: string;
  criterion: string;
  key: string | null;
}

export type ExceptionKind = "unmatched" | "ambiguous" | "duplicate" | "excluded";

export interface MatchException {
  analyticsId: string;
  kind: ExceptionKind;
  reason: string;
  tried: Attempt[];
  salesforceId?: string;
  sharedWith?: string[];
}

export interface Overrides {
  pins?: ReadonlyMap<string, string>;
  excluded?: ReadonlySet<string>;
}

export interface MatchResult {
  links: Link[];
  exceptions: MatchException[];
}

const CANDIDATE_SAMPLE = 5;
export const PIN = "Pinned by an admin";

function buildIndex<S>(records: readonly S[], idOf: (r: S) => string, keys: (r: S) => string[]): Map<string, string | string[]> {
  const index = new Map<string, string | string[]>();
  for (const record of records) {
    const id = idOf(record);
    for (const key of new Set(keys(record))) {
      const held = index.get(key);
      if (held === undefined) index.set(key, id);
      else if (typeof held === "string") {
        if (held !== id) index.set(key, [held, id]);
      } else if (!held.includes(id)) held.push(id);
    }
  }
  return index;
}

export function runMatching<S, A>(input: {
  salesforce: readonly S[];
  analytics: readonly A[];
  salesforceId: (r: S) => string;
  analyticsId: (r: A) => string;
  plans: readonly CriterionPlan<S, A>[];
  overrides?: Overrides;
}): MatchResult {
  const { plans, overrides } = input;
  // Each criterion's index is built the first time a record reaches it with a usable key: a
  // criterion nobody reaches (everyone linked by email before phone) costs nothing.
  const built: (Map<string, string | string[]> | undefined)[] = plans.map(() => undefined);
  const indexOf = (i: number) => (built[i] ??= buildIndex(input.salesforce, input.salesforceId, plans[i]!.salesforceKeys));
  const known = new Set(input.salesforce.map(input.salesforceId));
  const links: Link[] = [];
  const exceptions: MatchException[] = [];
  const tries = new Map<string, Attempt[]>();

  for (const record of input.analytics) {
    const analyticsId = input.analyticsId(record);
    if (overrides?.excluded?.has(analyticsId)) {
      exceptions.push({ analyticsId, kind: "excluded", reason: "Excluded by an admin: never linked or pushed", tried: [] });
      continue;
    }
    const pinned = overrides?.pins?.get(analyticsId);
    if (pinned !== undefined) {
      if (known.has(pinned)) {
        links.push({ analyticsId, salesforceId: pinned, criterion: PIN, key: null });
        continue;
      }
      exceptions.push({
        analyticsId,
        kind: "unmatched",
        reason: `Pinned to ${pinned}, which is not among the Salesforce records pulled (deleted or merged?)`,
        tried: [],
      });
      continue;
    }
    const tried: Attempt[] = [];
    let linked: Link | null = null;
    for (let i = 0; i < plans.length && !linked; i++) {
      const plan = plans[i]!;
      const key = plan.analyticsKey(record);
      if (!key.ok) {
        tried.push({ criterion: plan.label, outcome: "skipped", note: key.reason });
        continue;
      }
      const held = indexOf(i).get(key.key);
      if (held === undefined) tried.push({ criterion: plan.label, outcome: "none", key: key.key });
      else if (typeof held === "string") {
        tried.push({ criterion: plan.label, outcome: "one", key: key.key, candidates: [held] });
        linked = { analyticsId, salesforceId: held, criterion: plan.label, key: key.key };
      } else {
        tried.push({ criterion: plan.label, outcome: "many", key: key.key, candidates: held.slice(0, CANDIDATE_SAMPLE), note: `${held.length} Salesforce records` });
      }
    }
    tries.set(analyticsId, tried);
    if (linked) {
      links.push(linked);
      continue;
    }
    const many = tried.find((t) => t.outcome === "many");
    exceptions.push(
      many
        ? { analyticsId, kind: "ambiguous", reason: `${many.criterion} "${many.key}" fits ${many.note}; none was picked`, tried }
        : {
            analyticsId,
            kind: "unmatched",
            reason: tried.length === 0 ? "No matching criteria are enabled" : tried.every((t) => t.outcome === "skipped") ? "No usable value for any criterion" : "No criterion found a Salesforce record",
            tried,
          },
    );
  }
  return refuseSharedLinks(links, exceptions, tries);
}

/**
 * Two analytics records on one Salesforce record would overwrite each other's numbers. Both are
 * flagged and neither keeps the link, unless exactly one of them is pinned: an admin's pick wins.
 */
function refuseSharedLinks(links: Link[], exceptions: MatchException[], tries: Map<string, Attempt[]>): MatchResult {
  const bySalesforce = new Map<string, Link[]>();
  for (const link of links) {
    const group = bySalesforce.get(link.salesforceId);
    if (group) group.push(link);
    else bySalesforce.set(link.salesforceId, [link]);
  }
  const kept: Link[] = [];
  for (const [salesforceId, group] of bySalesforce) {
    if (group.length === 1) {
      kept.push(group[0]!);
      continue;
    }
    const pins = group.filter((l) => l.criterion === PIN);
    const winner = pins.length === 1 ? pins[0]! : null;
    if (winner) kept.push(winner);
    for (const link of group) {
      if (link === winner) continue;
      const others = group.filter((l) => l !== link).map((l) => l.analyticsId);
      exceptions.push({
        analyticsId: link.analyticsId,
        kind: "duplicate",
        salesforceId,
        sharedWith: others,
        reason: winner
          ? `Salesforce record ${salesforceId} is pinned to ${winner.analyticsId}; this record also resolves to it (${link.criterion})`
          : `Salesforce record ${salesforceId} is also the match of ${others.join(", ")}; nothing is pushed to it until an admin picks one`,
        tried: tries.get(link.analyticsId) ?? [],
      });
    }
  }
  return { links: kept, exceptions };
}
