import { db } from "@/lib/db";
import type { ColourBands, HealthColour } from "@/lib/health/model";
import { applyOverride, type HealthOverride, type ShownHealth } from "@/lib/health/override";

// The health an account shows and Salesforce receives now: its newest computed score, with an
// override in force applied at read time (so an override's expiry needs no job to undo it).

export interface CurrentHealth extends ShownHealth {
  accountId: string;
  day: Date;
  modelVersion: number;
  computed: { score: number | null; colour: HealthColour | null };
}

/** The override of each account that is in force at `now` (the newest set, not cleared). */
export async function overridesInForce(accountIds: readonly string[], now: Date): Promise<Map<string, HealthOverride>> {
  const rows = await db.healthOverride.findMany({
    where: { accountId: { in: [...accountIds] }, clearedAt: null, expiresAt: { gt: now } },
    orderBy: { createdAt: "desc" },
  });
  const byAccount = new Map<string, HealthOverride>();
  for (const r of rows) {
    if (byAccount.has(r.accountId)) continue;
    byAccount.set(r.accountId, {
      ...(r.score === null ? {} : { score: r.score }),
      ...(r.colour === null ? {} : { colour: r.colour as HealthColour }),
      reason: r.reason,
      setBy: r.setByEmail,
      setAt: r.createdAt,
      expiresAt: r.expiresAt,
    });
  }
  return byAccount;
}

export async function currentHealth(accountIds: readonly string[], now = new Date()): Promise<Map<string, CurrentHealth>> {
  if (accountIds.length === 0) return new Map();
  const [scores, overrides] = await Promise.all([
    db.$queryRaw<{ accountId: string; day: Date; modelVersion: number; score: number | null; colour: HealthColour | null; bands: ColourBands }[]>`
      SELECT DISTINCT ON ("accountId") "accountId", "day", "modelVersion", "score", "colour", "measures"->'bands' AS bands
        FROM "HealthScore" WHERE "accountId" = ANY(${[...accountIds]}::text[])
       ORDER BY "accountId", "day" DESC`,
    overridesInForce(accountIds, now),
  ]);
  const result = new Map<string, CurrentHealth>();
  for (const s of scores) {
    const shown = applyOverride({ score: s.score, colour: s.colour, bands: s.bands }, overrides.get(s.accountId) ?? null, now);
    result.set(s.accountId, { ...shown, accountId: s.accountId, day: s.day, modelVersion: s.modelVersion, computed: { score: s.score, colour: s.colour } });
  }
  return result;
}

/** Health under the keys push mappings read calculated values by (lib/kpis/push-sources.ts). */
export function healthPushValues(health: CurrentHealth | undefined): Record<string, unknown> {
  if (!health) return {};
  return { healthScore: health.score, healthColour: health.colour, healthAtRisk: health.score === null && health.colour === null ? null : health.atRisk };
}
