import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// Daily health scoring against the emulators over HTTP (ports 3291-3293): after a sync has pulled,
// matched and computed KPIs, every active Salesforce account gets a score made from its own KPI
// snapshot; scoring again changes nothing; an override shows and is pushed until it expires.
vi.hoisted(() => {
  vi.stubEnv("SALESFORCE_EMULATOR_URL", "http://127.0.0.1:3291");
  vi.stubEnv("PENDO_EMULATOR_URL", "http://127.0.0.1:3292");
  vi.stubEnv("PX_EMULATOR_URL", "http://127.0.0.1:3293/v1");
  vi.stubEnv("SECRETS_KEY", Buffer.alloc(32, 9).toString("base64"));
});

import { generateDemoData } from "@/emulators/generator/generate";
import { db } from "@/lib/db";
import { connectedHub } from "@/lib/testing/connected-hub";
import { sfRest } from "@/lib/testing/emulator-calls";
import { runSync } from "@/lib/sync/push/run-sync";
import { DEFAULT_HEALTH_MODEL } from "@/lib/health/default-model";
import { activateHealthModelVersion, activeHealthModel, saveHealthModelVersion } from "@/lib/health/model-versions";
import { scoreHealth } from "@/lib/health/score-health";
import { currentHealth } from "@/lib/health/latest-health";
import { accountHealth } from "@/lib/health/account-health";
import { utcDay } from "@/lib/usage/days";

const fixture = generateDemoData({ seed: 41, accounts: 60 });
let teardown: () => Promise<void> = async () => undefined;

beforeAll(async () => {
  teardown = await connectedHub(fixture, 3291);
});

afterAll(() => teardown());

async function admin() {
  const user = await db.user.upsert({ where: { email: "admin@health.test" }, create: { email: "admin@health.test", role: "ADMIN", passwordHash: null }, update: {} });
  return { id: user.id, email: user.email };
}

describe("health scoring", () => {
  it("scores every active Salesforce account from its own KPI snapshot, Pendo first, and scoring again changes nothing", async () => {
    const [pendo, px] = await Promise.all([db.integration.findFirstOrThrow({ where: { system: "PENDO" } }), db.integration.findFirstOrThrow({ where: { system: "PX" } })]);
    for (const tool of [pendo, px]) {
      const sync = await runSync(tool.id, { trigger: "test" });
      expect(sync.status, sync.error).toBe("SUCCEEDED");
    }
    const counts = await scoreHealth();
    const salesforce = await db.integration.findFirstOrThrow({ where: { system: "SALESFORCE" } });
    const active = await db.sfAccount.count({ where: { integrationId: salesforce.id, state: "ACTIVE" } });
    expect(counts.scored + counts.unscored).toBe(active);
    expect(counts.scored).toBeGreaterThan(0);
    expect(counts.red + counts.yellow + counts.green).toBe(counts.scored);
    expect(counts.modelVersion).toBe(1);

    const rows = await db.healthScore.findMany({ where: { day: new Date(`${counts.day}T00:00:00Z`) }, orderBy: { accountId: "asc" } });
    expect(rows.length).toBe(active);

    // Independently: an account Pendo and PX both track reads Pendo's snapshot; one only PX tracks reads PX's.
    const snapshots = await db.kpiSnapshot.findMany({ where: { scope: "salesforce", day: { lte: new Date(`${counts.day}T00:00:00Z`) } }, orderBy: { day: "desc" } });
    const newest = (toolId: string, accountId: string) => snapshots.find((s) => s.integrationId === toolId && s.accountId === accountId);
    let checked = 0;
    for (const row of rows) {
      const fromPendo = newest(pendo.id, row.accountId);
      const fromPx = newest(px.id, row.accountId);
      const expected = fromPendo ?? fromPx;
      expect(row.usageSource).toBe(fromPendo ? "pendo" : fromPx ? "px" : null);
      if (!expected) continue;
      const values = expected.values as Record<string, number | null>;
      const detail = row.measures as { measures: { key: string; value: number | null; contribution: number }[] };
      const byKey = new Map(detail.measures.map((m) => [m.key, m]));
      expect(byKey.get("loginFrequency")!.value).toBe(values.activeDays30d ?? null);
      expect(byKey.get("featureBreadth")!.value).toBe(values.featureBreadth30d ?? null);
      expect(byKey.get("nps")!.value).toBe(values.npsScore90d ?? null);
      // Support: the fixture's cases of the account created in the 30 days ending on the scored day.
      const dayEnd = Date.parse(`${counts.day}T00:00:00Z`) + 86_400_000;
      const cases = (fixture.salesforce.objects as unknown as { Case: { AccountId?: string; CreatedDate: string; IsDeleted?: boolean }[] }).Case.filter(
        (c) => c.AccountId === row.accountId && !c.IsDeleted && Date.parse(c.CreatedDate) >= dayEnd - 30 * 86_400_000 && Date.parse(c.CreatedDate) < dayEnd,
      );
      expect(byKey.get("supportCases")!.value).toBe(cases.length);
      // The contributions add up to the score.
      if (row.score !== null) expect(detail.measures.reduce((s, m) => s + m.contribution, 0)).toBeCloseTo(row.score, 6);
      checked++;
    }
    expect(checked).toBeGreaterThan(10);

    const before = rows.map((r) => [r.accountId, r.score, r.colour, r.missing, r.measures]);
    await scoreHealth({ day: counts.day });
    const again = await db.healthScore.findMany({ where: { day: new Date(`${counts.day}T00:00:00Z`) }, orderBy: { accountId: "asc" } });
    expect(again.map((r) => [r.accountId, r.score, r.colour, r.missing, r.measures])).toEqual(before);
  });

  it("an override shows and is pushed to Salesforce until it expires; the computed score returns after", async () => {
    const pendo = await db.integration.findFirstOrThrow({ where: { system: "PENDO" } });
    const link = await db.matchLink.findFirstOrThrow({ where: { integrationId: pendo.id, entity: "ACCOUNT" }, orderBy: { salesforceId: "asc" } });
    const computed = (await currentHealth([link.salesforceId])).get(link.salesforceId)!;
    expect(computed.score).not.toBeNull();
    const who = await admin();
    await db.healthOverride.create({ data: { accountId: link.salesforceId, score: 12, reason: "Champion left last week", expiresAt: new Date(Date.now() + 3_600_000), setById: who.id, setByEmail: who.email } });

    const shown = (await currentHealth([link.salesforceId])).get(link.salesforceId)!;
    expect(shown).toMatchObject({ score: 12, colour: "red", atRisk: true });
    expect(shown.computed.score).toBe(computed.score);
    const sync = await runSync(pendo.id, { trigger: "test" });
    expect(sync.status, sync.error).toBe("SUCCEEDED");
    const inSalesforce = await sfRest("GET", `/sobjects/Account/${link.salesforceId}?fields=Pendo_Health_Score__c,Pendo_At_Risk_Flag__c`);
    expect(inSalesforce).toMatchObject({ Pendo_Health_Score__c: 12, Pendo_At_Risk_Flag__c: true });

    // An hour later (the override's expiry) the computed score shows again, and the next push sends it.
    const later = (await currentHealth([link.salesforceId], new Date(Date.now() + 3_600_001))).get(link.salesforceId)!;
    expect(later.score).toBe(computed.score);
    expect(later.override).toBeNull();
    await db.healthOverride.updateMany({ where: { accountId: link.salesforceId }, data: { expiresAt: new Date(Date.now() - 1) } });
    await runSync(pendo.id, { trigger: "test" });
    const back = await sfRest("GET", `/sobjects/Account/${link.salesforceId}?fields=Pendo_Health_Score__c`);
    expect(back.Pendo_Health_Score__c).toBe(computed.score);
  });

  it("a new model version scores only once activated, and every score names its version", async () => {
    const who = await admin();
    const first = await activeHealthModel();
    const heavierNps = { ...DEFAULT_HEALTH_MODEL, measures: DEFAULT_HEALTH_MODEL.measures.map((m) => (m.key === "nps" ? { ...m, weight: 60 } : m)) };
    const saved = await saveHealthModelVersion(heavierNps, "NPS weighs more", who);
    expect(saved).toMatchObject({ version: first.version + 1, active: false });
    expect((await scoreHealth()).modelVersion).toBe(first.version);
    await activateHealthModelVersion(saved.version, who);
    const counts = await scoreHealth();
    expect(counts.modelVersion).toBe(saved.version);
    const versions = await db.healthScore.groupBy({ by: ["modelVersion"], where: { day: new Date(`${counts.day}T00:00:00Z`) }, _count: true });
    expect(versions.map((v) => v.modelVersion)).toEqual([saved.version]);

    const audit = await db.auditLog.findMany({ where: { action: { startsWith: "health.model." } }, orderBy: { at: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["health.model.save", "health.model.activate"]);

    // A refused model says what to fix and stores nothing.
    await expect(saveHealthModelVersion({ ...DEFAULT_HEALTH_MODEL, measures: [] }, null, who)).rejects.toMatchObject({ code: "INVALID_INPUT" });
    expect(await db.healthModelVersion.count()).toBe(2);
  });

  it("cli's report names the account, its measures and where the usage came from", async () => {
    const salesforce = await db.integration.findFirstOrThrow({ where: { system: "SALESFORCE" } });
    const scored = await db.healthScore.findFirstOrThrow({ where: { score: { not: null } }, orderBy: [{ day: "desc" }, { accountId: "asc" }] });
    const account = await db.sfAccount.findUniqueOrThrow({ where: { integrationId_id: { integrationId: salesforce.id, id: scored.accountId } } });
    const report = await accountHealth(scored.accountId);
    expect(report).toMatchObject({ accountId: account.id, name: account.name, health: { score: scored.score, day: utcDay(scored.day) } });
    expect(report.measures.map((m) => m.key)).toEqual(DEFAULT_HEALTH_MODEL.measures.map((m) => m.key));
    await expect(accountHealth("001000000000000AAA")).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
