import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { salesforceIntegration } from "@/lib/hub/integrations";
import { currentHealth, type CurrentHealth } from "@/lib/health/latest-health";
import type { GroupScore, MeasureScore } from "@/lib/health/score-account";
import { scoreHealth } from "@/lib/health/score-health";
import { utcDay, type Day } from "@/lib/usage/days";

// One account's health as `cli health` prints it (and the account page will show it): the score
// shown now, the computed score beneath an override, each measure's value and contribution.

export interface AccountHealthReport {
  accountId: string;
  name: string | null;
  health: (Omit<CurrentHealth, "day"> & { day: Day }) | null;
  reason: string | null;
  critical: boolean;
  segment: string | null;
  usageSource: string | null;
  kpiDay: Day | null;
  measures: MeasureScore[];
  groups: GroupScore[];
  missing: string[];
}

interface StoredDetail {
  measures: MeasureScore[];
  groups: GroupScore[];
  reason: string;
  critical: boolean;
  segment: string | null;
  usageSource: string | null;
  kpiDay: Day | null;
}

export async function accountHealth(accountId: string, options: { rescore?: boolean } = {}): Promise<AccountHealthReport> {
  const salesforce = await salesforceIntegration();
  if (!salesforce) throw new AppError("CONFLICT", "Health is scored for Salesforce accounts: connect Salesforce on the Integrations page first.");
  const id = accountId.trim();
  const account = await db.sfAccount.findUnique({ where: { integrationId_id: { integrationId: salesforce.id, id } }, select: { id: true, name: true, state: true } });
  if (!account || account.state !== "ACTIVE") {
    throw new AppError("NOT_FOUND", `There is no active Salesforce account ${id} in the hub. Give an 18-character Salesforce account id (run a sync first if the account is new).`);
  }
  if (options.rescore) await scoreHealth({ accountIds: [id] });
  const health = (await currentHealth([id])).get(id) ?? null;
  const stored = health ? await db.healthScore.findUnique({ where: { accountId_day: { accountId: id, day: health.day } } }) : null;
  const detail = (stored?.measures ?? null) as StoredDetail | null;
  return {
    accountId: id,
    name: account.name,
    health: health ? { ...health, day: utcDay(health.day) } : null,
    reason: detail?.reason ?? null,
    critical: detail?.critical ?? false,
    segment: detail?.segment ?? null,
    usageSource: detail?.usageSource ?? null,
    kpiDay: detail?.kpiDay ?? null,
    measures: detail?.measures ?? [],
    groups: detail?.groups ?? [],
    missing: stored?.missing ?? [],
  };
}
