import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { SYSTEM_LABEL } from "@/lib/hub/integrations";
import { fieldOptions, type FieldOptions } from "@/lib/matching/field-options";
import { countResult, type PreviewCounts } from "@/lib/matching/preview";
import { loadRules } from "@/lib/matching/settings-store";
import type { MatchRules } from "@/lib/matching/rules";

// What the Matching logic page shows for one Pendo/PX integration.

export interface MatchingView {
  integrationId: string;
  system: "PENDO" | "PX";
  title: string;
  rules: MatchRules;
  fields: FieldOptions;
  current: { accounts: PreviewCounts; contacts: PreviewCounts };
  updatedAt: string | null;
  updatedBy: string | null;
}

async function storedCounts(integrationId: string, entity: "ACCOUNT" | "CONTACT"): Promise<PreviewCounts> {
  const [links, byCriterion, exceptions] = await Promise.all([
    db.matchLink.count({ where: { integrationId, entity } }),
    db.matchLink.groupBy({ by: ["criterion"], where: { integrationId, entity }, _count: { _all: true } }),
    db.matchException.groupBy({ by: ["kind"], where: { integrationId, entity }, _count: { _all: true } }),
  ]);
  const counts = countResult({ links: [], exceptions: [] });
  counts.matched = links;
  for (const c of byCriterion) counts.byCriterion[c.criterion] = c._count._all;
  for (const e of exceptions) counts[e.kind.toLowerCase() as "unmatched"] = e._count._all;
  return counts;
}

export async function requireAnalyticsIntegration(integrationId: string) {
  const integration = await db.integration.findUnique({ where: { id: integrationId } });
  if (!integration || integration.system === "SALESFORCE") throw new AppError("NOT_FOUND", "No Pendo or Gainsight PX integration has this id; reload the page.");
  return integration as typeof integration & { system: "PENDO" | "PX" };
}

export async function matchingView(integrationId: string): Promise<MatchingView> {
  const integration = await requireAnalyticsIntegration(integrationId);
  const [rules, fields, accounts, contacts, settings] = await Promise.all([
    loadRules(integrationId),
    fieldOptions(integrationId),
    storedCounts(integrationId, "ACCOUNT"),
    storedCounts(integrationId, "CONTACT"),
    db.matchingSettings.findUnique({ where: { integrationId } }),
  ]);
  return {
    integrationId,
    system: integration.system,
    title: SYSTEM_LABEL[integration.system],
    rules,
    fields,
    current: { accounts, contacts },
    updatedAt: settings?.updatedAt.toISOString() ?? null,
    updatedBy: settings?.updatedBy ?? null,
  };
}
