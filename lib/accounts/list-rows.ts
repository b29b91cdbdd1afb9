import { db } from "@/lib/db";
import { Prisma, type HubRecordState, type IntegrationSystem } from "@/lib/generated/prisma/client";
import { SYSTEM_LABEL } from "@/lib/hub/integrations";
import type { ColourBands, HealthColour } from "@/lib/health/model";
import { applyOverride, type ShownHealth } from "@/lib/health/override";
import { overridesInForce } from "@/lib/health/latest-health";
import { usageTools } from "@/lib/health/score-health";
import { scoreTrend } from "@/lib/accounts/list-format";
import { ARR_SQL, CSM_SQL, RENEWAL_SQL, SEGMENT_SQL } from "@/lib/accounts/list-where";

// What the Accounts list shows of each account on a page (or an export batch): a handful of
// indexed lookups per account, whatever the size of the hub. Health is currentHealth()'s
// (lib/health/latest-health.ts): the newest score with the override in force applied by the
// same applyOverride(); read here by one lateral lookup per account instead of its DISTINCT ON,
// which reads every day an account was ever scored.

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

export interface AccountHealth extends ShownHealth {
  /** The day of the newest score, "YYYY-MM-DD". */
  day: string;
  modelVersion: number;
  computed: { score: number | null; colour: HealthColour | null };
}

export interface AccountRow {
  integrationId: string;
  id: string;
  name: string | null;
  website: string | null;
  state: HubRecordState;
  /** Null until the account is first scored (scoring runs with every Synchronize). */
  health: AccountHealth | null;
  /** Computed score against the score 7 and 30 days before the newest day; null when either is missing. */
  trend: { days7: number | null; days30: number | null };
  /** ARR__c */
  arr: number | null;
  /** Renewal_Date__c, "YYYY-MM-DD" */
  renewalDate: string | null;
  /** ARR_Tier__c */
  segment: string | null;
  /** The CSM (set in Clearinghouse, else CSM__c as pulled) and the Salesforce user it names (name and email null when that user is not in the hub). */
  csm: { id: string; name: string | null; email: string | null } | null;
  /** From the newest KPI snapshot of the tool the score's usage measures came from. */
  usage: { tool: string | null; kpiDay: string | null; activeUsers30d: number | null; lastVisitAt: string | null };
  /** Licensed_Seats__c */
  seats: number | null;
  links: AccountLink[];
  /** Analytics users linked to this account's Salesforce contacts, per tool. */
  linkedUsers: { system: IntegrationSystem; tool: string; users: number }[];
}

export interface AccountKey {
  integrationId: string;
  id: string;
}

interface Fetched {
  integrationId: string;
  id: string;
  name: string | null;
  website: string | null;
  state: HubRecordState;
  arr: number | null;
  renewalDate: string | null;
  segment: string | null;
  csmId: string | null;
  csmName: string | null;
  csmEmail: string | null;
  seats: number | null;
  day: string | null;
  modelVersion: number | null;
  score: number | null;
  colour: HealthColour | null;
  bands: ColourBands | null;
  usageSource: "pendo" | "px" | null;
  score7: number | null;
  score30: number | null;
  kpiDay: string | null;
  activeUsers30d: number | null;
  lastVisitAt: string | null;
}

const numberField = (json: Prisma.Sql, key: string) => Prisma.sql`(CASE WHEN jsonb_typeof(${json}->${key}) = 'number' THEN (${json}->>${key})::float8 END)`;

/** The rows for `keys`, in their order. */
export async function accountRows(keys: readonly AccountKey[], now: Date): Promise<AccountRow[]> {
  if (keys.length === 0) return [];
  const tools = await usageTools();
  const toolId = (system: "pendo" | "px") => tools.find((t) => t.system === system)?.id ?? null;
  const ids = keys.map((k) => k.id);
  const [fetched, overrides, links] = await Promise.all([
    db.$queryRaw<Fetched[]>`
      SELECT a."integrationId", a."id", a."name", a."website", a."state",
             ${ARR_SQL} AS "arr", ${RENEWAL_SQL} AS "renewalDate", ${SEGMENT_SQL} AS "segment", NULLIF(${CSM_SQL}, '') AS "csmId",
             u."name" AS "csmName", u."email" AS "csmEmail", ${numberField(Prisma.sql`a."fields"`, "Licensed_Seats__c")} AS "seats",
             to_char(h."day", 'YYYY-MM-DD') AS "day", h."modelVersion", h."score", h."colour", h."bands", h."usageSource",
             p7."score" AS "score7", p30."score" AS "score30",
             to_char(k."day", 'YYYY-MM-DD') AS "kpiDay", ${numberField(Prisma.sql`k."values"`, "activeUsers30d")} AS "activeUsers30d",
             (CASE WHEN k."values"->>'lastVisitAt' ~ '^\\d{4}-\\d{2}-\\d{2}' THEN left(k."values"->>'lastVisitAt', 10) END) AS "lastVisitAt"
        FROM unnest(${keys.map((k) => k.integrationId)}::text[], ${ids}::text[]) WITH ORDINALITY AS wanted("integrationId", "id", "position")
        JOIN "SfAccount" a ON a."integrationId" = wanted."integrationId" AND a."id" = wanted."id"
        LEFT JOIN "AccountCsm" ac ON ac."integrationId" = a."integrationId" AND ac."accountId" = a."id"
        LEFT JOIN "CsmSettings" cs ON cs."integrationId" = a."integrationId"
        LEFT JOIN "SfUser" u ON u."integrationId" = a."integrationId" AND u."id" = ${CSM_SQL}
        LEFT JOIN LATERAL (
          SELECT "day", "modelVersion", "score", "colour", "measures"->'bands' AS "bands", "usageSource"
            FROM "HealthScore" WHERE "accountId" = a."id" ORDER BY "day" DESC LIMIT 1
        ) h ON TRUE
        LEFT JOIN "HealthScore" p7 ON p7."accountId" = a."id" AND p7."day" = h."day" - 7
        LEFT JOIN "HealthScore" p30 ON p30."accountId" = a."id" AND p30."day" = h."day" - 30
        LEFT JOIN LATERAL (
          SELECT "day", "values" FROM "KpiSnapshot"
           WHERE "integrationId" = (CASE h."usageSource" WHEN 'pendo' THEN ${toolId("pendo")}::text WHEN 'px' THEN ${toolId("px")}::text END)
             AND "scope" = 'salesforce' AND "accountId" = a."id"
           ORDER BY "day" DESC LIMIT 1
        ) k ON TRUE
       ORDER BY wanted."position"`,
    overridesInForce(ids, now),
    linksOf(keys),
  ]);
  return fetched.map((r) => {
    let health: AccountHealth | null = null;
    if (r.day !== null) {
      const computed = { score: r.score, colour: r.colour };
      const shown = applyOverride({ ...computed, bands: r.bands ?? { red: 0, green: 0 } }, overrides.get(r.id) ?? null, now);
      health = { ...shown, day: r.day, modelVersion: r.modelVersion ?? 0, computed };
    }
    return {
      integrationId: r.integrationId,
      id: r.id,
      name: r.name,
      website: r.website,
      state: r.state,
      health,
      trend: { days7: scoreTrend(r.score, r.score7), days30: scoreTrend(r.score, r.score30) },
      arr: r.arr,
      renewalDate: r.renewalDate,
      segment: r.segment,
      csm: r.csmId ? { id: r.csmId, name: r.csmName, email: r.csmEmail } : null,
      usage: { tool: r.usageSource ? SYSTEM_LABEL[r.usageSource === "pendo" ? "PENDO" : "PX"] : null, kpiDay: r.kpiDay, activeUsers30d: r.activeUsers30d, lastVisitAt: r.lastVisitAt },
      seats: r.seats,
      links: links.links.get(r.id) ?? [],
      linkedUsers: links.users.get(r.id) ?? [],
    };
  });
}

/** The rows' links, analytics names and linked-user counts: three indexed queries for the whole page. */
async function linksOf(accounts: readonly AccountKey[]): Promise<{ links: Map<string, AccountLink[]>; users: Map<string, AccountRow["linkedUsers"]> }> {
  const result = { links: new Map<string, AccountLink[]>(), users: new Map<string, AccountRow["linkedUsers"]>() };
  if (accounts.length === 0) return result;
  const tools = await db.integration.findMany({ where: { system: { in: ["PENDO", "PX"] } }, select: { id: true, system: true } });
  const toolIds = tools.map((t) => t.id);
  if (toolIds.length === 0) return result;
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

  for (const l of links) {
    const system = systemOf.get(l.integrationId)!;
    const a = analyticsOf.get(`${l.integrationId}:${l.analyticsId}`);
    const list = result.links.get(l.salesforceId) ?? [];
    list.push({ system, tool: SYSTEM_LABEL[system], analyticsId: l.analyticsId, name: a?.name ?? null, criterion: l.criterion, removed: Boolean(a?.removedAt) });
    result.links.set(l.salesforceId, list);
  }
  for (const u of users) {
    const system = systemOf.get(u.integrationId)!;
    const list = result.users.get(u.accountId) ?? [];
    list.push({ system, tool: SYSTEM_LABEL[system], users: u.users });
    result.users.set(u.accountId, list);
  }
  return result;
}
