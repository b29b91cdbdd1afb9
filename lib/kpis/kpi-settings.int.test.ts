import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// KPI settings end to end, against the emulators over HTTP (ports 3271-3273): saved through the
// route's lib function, read by the Salesforce pull, and used by the KPI step. Core feature
// adoption and seat utilisation of every account and linked Salesforce account equal a
// computation written here from the fixture's raw events and its Salesforce accounts.
vi.hoisted(() => {
  vi.stubEnv("SALESFORCE_EMULATOR_URL", "http://127.0.0.1:3271");
  vi.stubEnv("PENDO_EMULATOR_URL", "http://127.0.0.1:3272");
  vi.stubEnv("PX_EMULATOR_URL", "http://127.0.0.1:3273/v1");
  vi.stubEnv("SECRETS_KEY", Buffer.alloc(32, 7).toString("base64"));
});

import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { generateDemoData } from "@/emulators/generator/generate";
import type { Integration } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db";
import { salesforceIntegration } from "@/lib/hub/integrations";
import { refreshSalesforceDescribe } from "@/lib/integrations/describe-cache";
import { kpiSettings } from "@/lib/kpis/kpi-settings";
import { kpiSettingsView } from "@/lib/kpis/kpi-settings-page";
import { runKpiStep } from "@/lib/kpis/run-kpi-step";
import { saveKpiSettings } from "@/lib/kpis/save-kpi-settings";
import { pullInline } from "@/lib/sync/pull/pull-from-cli";
import { closeRun, closeStep, openRun, openStep } from "@/lib/sync/runs";
import { childProcessEnv } from "@/lib/testing/child-env";
import { connectedHub } from "@/lib/testing/connected-hub";
import { localDay, runUsage } from "@/lib/usage/test-support";

const HOUR = 3_600_000;
const DAY = 86_400_000;
const fixture = generateDemoData({ seed: 33, accounts: 60 });
const TZ = fixture.pendo.subscription!.timezone!;
const fixtureNow = Date.parse(fixture.now!);
const pxNow = new Date(fixtureNow + 12 * HOUR);
const SEATS = "Licensed_Seats__c";
const CONTRACTED = "Contracted_Features__c";
const admin = { actor: null, ip: "test" };

// ---------------------------------------------------------------- the fixture, read independently

type SfRec = Record<string, unknown> & { Id: string };
const sfAccounts = new Map((fixture.salesforce.objects!.Account as SfRec[]).map((a) => [a.Id, a]));
const shift = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
const identified = (id: string) => id !== "" && !id.startsWith("_PENDO_T_");

interface ToolData {
  /** One row per raw event with an account and a known user, on its day in the tool's days. */
  activity: { day: string; account: string; user: string }[];
  clicks: { day: string; account: string; feature: string }[];
  /** Tracked features: listed and not deleted. */
  features: { id: string; name: string }[];
}

function pendoData(): ToolData {
  const p = fixture.pendo;
  const day = (ms: number) => localDay(ms, TZ);
  return {
    activity: p.events.filter((e) => identified(e.visitorId) && e.accountId !== "").map((e) => ({ day: day(e.day), account: e.accountId, user: e.visitorId })),
    clicks: p.featureEvents.filter((e) => identified(e.visitorId) && e.accountId !== "").map((e) => ({ day: day(e.day), account: e.accountId, feature: e.featureId })),
    features: p.features.map((f) => ({ id: f.id, name: f.name })),
  };
}

function pxData(): ToolData {
  const px = fixture.px;
  const day = (ms: number) => localDay(ms, "UTC");
  const events = [...px.events.session, ...(px.events.custom ?? []), ...px.events.feature_match] as { identifyId: string; date: number; accountId?: string }[];
  return {
    activity: events.filter((e) => (e.accountId ?? "") !== "").map((e) => ({ day: day(e.date), account: e.accountId!, user: e.identifyId })),
    clicks: px.events.feature_match.filter((e) => (e.accountId ?? "") !== "").map((e) => ({ day: day(e.date), account: e.accountId!, feature: e.featureId })),
    features: (px.features ?? []).filter((f) => f.status !== "DELETED").map((f) => ({ id: f.id, name: f.name })),
  };
}

const round = (n: number) => Math.round(n * 100) / 100;

/** The two KPIs of one account from its members' raw events, its Salesforce account's fields and the settings. */
function expected(data: ToolData, members: Set<string>, salesforceId: string | null, asOf: string, settings: { core: string[]; contracted: string | null; seats: string | null }) {
  const inWindow = (r: { day: string; account: string }) => members.has(r.account) && r.day >= shift(asOf, -29) && r.day <= asOf;
  const active = new Set(data.activity.filter(inWindow).map((r) => r.user)).size;
  const used = new Set(data.clicks.filter(inWindow).map((r) => r.feature));
  const sf = salesforceId ? sfAccounts.get(salesforceId) : undefined;
  const listed = settings.contracted && typeof sf?.[settings.contracted] === "string" ? (sf[settings.contracted] as string).split(";").map((n) => n.trim().toLowerCase()).filter(Boolean) : [];
  const core = listed.length > 0 ? data.features.filter((f) => listed.includes(f.name.toLowerCase())).map((f) => f.id) : data.features.filter((f) => settings.core.includes(f.id)).map((f) => f.id);
  const seats = settings.seats && typeof sf?.[settings.seats] === "number" ? (sf[settings.seats] as number) : null;
  return {
    coreFeatureAdoption30d: core.length > 0 ? round((core.filter((id) => used.has(id)).length / core.length) * 100) : null,
    seatUtilisationPct: seats && seats > 0 ? round((active / seats) * 100) : null,
    contracted: listed.length > 0,
  };
}

// ---------------------------------------------------------------- the hub

let teardown: () => Promise<void> = async () => undefined;
const toolOf = (system: "PENDO" | "PX") => db.integration.findFirstOrThrow({ where: { system } });
const named = (data: ToolData, ...names: string[]) => data.features.filter((f) => names.includes(f.name)).map((f) => f.id);

async function kpiStep(tool: Integration) {
  const { run } = await openRun({ integrationId: tool.id, system: tool.system, kind: "SYNC", trigger: "test" });
  const step = await openStep(run.id, 1, "kpis", tool.id);
  const result = await runKpiStep(tool, { runId: run.id, stepId: step.id, stats: {}, checkpoint: {} });
  await closeStep(step.id, { status: "SUCCEEDED", stats: result.stats, apiCalls: {} });
  await closeRun(run.id, "SUCCEEDED");
  return result;
}

let salesforce: Integration;
let firstPullAccounts: { id: string; fields: unknown }[] = [];
let contractedSaved = "";

beforeAll(async () => {
  teardown = await connectedHub(fixture, 3271);
  salesforce = (await salesforceIntegration())!;
  await refreshSalesforceDescribe(salesforce.id);
  // Seats for both tools before the first pull; Pendo's contracted features only after it.
  await saveKpiSettings((await toolOf("PENDO")).id, { coreFeatureIds: [], contractedFeaturesField: null, licensedSeatsField: SEATS }, admin);
  await saveKpiSettings((await toolOf("PX")).id, { coreFeatureIds: [], contractedFeaturesField: null, licensedSeatsField: SEATS }, admin);
  expect((await pullInline()).filter((p) => p.status === "FAILED")).toEqual([]);
  firstPullAccounts = await db.sfAccount.findMany({ where: { integrationId: salesforce.id }, select: { id: true, fields: true } });
  const saved = await saveKpiSettings((await toolOf("PENDO")).id, { coreFeatureIds: [], contractedFeaturesField: CONTRACTED, licensedSeatsField: SEATS }, admin);
  contractedSaved = saved.message;
  expect((await pullInline("SALESFORCE")).filter((p) => p.status === "FAILED")).toEqual([]);
  await runUsage(await toolOf("PENDO"));
  await runUsage(await toolOf("PX"), { now: pxNow });
}, 240_000);

afterAll(() => teardown());

describe("the Salesforce pull reads the fields the KPI settings choose", () => {
  it("reads the seats field from the first pull; a field chosen later is read for every account at the next pull", async () => {
    const customers = [...sfAccounts.values()].filter((a) => a[SEATS] !== null);
    expect(customers.length).toBeGreaterThan(20);
    const first = new Map(firstPullAccounts.map((a) => [a.id, a.fields as Record<string, unknown>]));
    for (const a of customers) expect(first.get(a.Id)?.[SEATS], a.Id).toBe(a[SEATS]);
    // No setting chose it yet, and a multi-select picklist is no field matching reads.
    expect(firstPullAccounts.some((a) => CONTRACTED in (a.fields as object))).toBe(false);

    expect(contractedSaved).toMatch(/The next Salesforce pull reads every Account again, to fetch Contracted_Features__c/);
    const after = new Map((await db.sfAccount.findMany({ where: { integrationId: salesforce.id }, select: { id: true, fields: true } })).map((a) => [a.id, a.fields as Record<string, unknown>]));
    for (const a of customers) expect(after.get(a.Id)?.[CONTRACTED], a.Id).toBe(a[CONTRACTED]);
  });
});

describe.each([
  { system: "PENDO" as const, data: pendoData, yesterday: () => shift(localDay(fixtureNow, TZ), -1), core: ["Workflow Builder", "Alerts", "Integrations"], contracted: CONTRACTED },
  { system: "PX" as const, data: pxData, yesterday: () => shift(localDay(pxNow.getTime(), "UTC"), -1), core: ["Dashboards", "Reports", "Alerts", "Workflow Builder"], contracted: null },
])("$system contract KPIs", ({ system, data, yesterday, core, contracted }) => {
  it("equal the computation from the emulators' data for every account and linked Salesforce account", async () => {
    const tool = await toolOf(system);
    const d = data();
    const coreIds = named(d, ...core);
    expect(coreIds).toHaveLength(core.length);
    const saved = await saveKpiSettings(tool.id, { coreFeatureIds: coreIds, contractedFeaturesField: contracted, licensedSeatsField: SEATS }, admin);
    expect(saved.message).toMatch(/^Saved\. .*KPIs use these settings from its next KPI step/);
    expect(await kpiSettings(tool.id)).toEqual({ coreFeatureIds: [...coreIds].sort(), contractedFeaturesField: contracted, licensedSeatsField: SEATS });

    const asOf = yesterday();
    expect(await kpiStep(tool)).toMatchObject({ asOf, skipped: null });
    const rows = await db.kpiSnapshot.findMany({ where: { integrationId: tool.id, day: new Date(asOf) } });
    const links = await db.matchLink.findMany({ where: { integrationId: tool.id, entity: "ACCOUNT" } });
    const linkedTo = new Map(links.map((l) => [l.analyticsId, l.salesforceId]));
    const members = new Map<string, Set<string>>();
    for (const l of links) members.set(l.salesforceId, (members.get(l.salesforceId) ?? new Set()).add(l.analyticsId));
    expect(rows.filter((r) => r.scope === "salesforce").length).toBe(members.size);

    const settings = { core: coreIds, contracted, seats: SEATS };
    const problems: unknown[] = [];
    const seen: ReturnType<typeof expected>[] = [];
    for (const r of rows) {
      const want = r.scope === "salesforce" ? expected(d, members.get(r.accountId)!, r.accountId, asOf, settings) : expected(d, new Set([r.accountId]), linkedTo.get(r.accountId) ?? null, asOf, settings);
      seen.push(want);
      const got = r.values as Record<string, unknown>;
      for (const key of ["coreFeatureAdoption30d", "seatUtilisationPct"] as const) {
        if (got[key] !== want[key]) problems.push({ account: `${r.scope}:${r.accountId}`, key, got: got[key], want: want[key] });
      }
    }
    expect(problems).toEqual([]);

    // The data exercises the definitions: contracts and admin core, both nulls, over-use, and every kind of share.
    if (contracted) expect(seen.filter((w) => w.contracted).length).toBeGreaterThan(10);
    expect(seen.some((w) => !w.contracted && w.coreFeatureAdoption30d !== null)).toBe(true);
    expect(seen.some((w) => w.seatUtilisationPct === null)).toBe(true);
    expect(seen.some((w) => w.seatUtilisationPct !== null && w.seatUtilisationPct > 0 && w.seatUtilisationPct <= 100)).toBe(true);
    expect(new Set(seen.map((w) => w.coreFeatureAdoption30d)).size).toBeGreaterThan(3);
  });
});

describe("saving KPI settings", () => {
  it("refuses untracked features and unsuitable fields, saying what to do, and audits only a change", async () => {
    const tool = await toolOf("PX");
    const before = await kpiSettings(tool.id);
    const audits = () => db.auditLog.count({ where: { action: "kpi-settings.save", targetId: tool.id } });
    const count = await audits();
    await expect(saveKpiSettings(tool.id, { ...before, coreFeatureIds: ["no-such-feature"] }, admin)).rejects.toThrow(/not tracked by Gainsight PX now .* Reload the page/);
    await expect(saveKpiSettings(tool.id, { ...before, licensedSeatsField: "ARR__c" }, admin)).rejects.toThrow("Account.ARR__c is a currency (an amount of money), not a count: choose a number field");
    await expect(saveKpiSettings(tool.id, { ...before, contractedFeaturesField: "Renewal_Date__c" }, admin)).rejects.toThrow(/is a date field: choose a multi-select picklist, picklist or text field/);
    await expect(saveKpiSettings(tool.id, { ...before, licensedSeatsField: "Seats_Gone__c" }, admin)).rejects.toThrow(/has no field Seats_Gone__c.*Refresh metadata/);
    await expect(saveKpiSettings(tool.id, { ...before, licensedSeatsField: "two words" }, admin)).rejects.toThrow(/API name/);
    await expect(saveKpiSettings("no-such-id", before, admin)).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await saveKpiSettings(tool.id, before, admin)).toMatchObject({ changed: false });
    expect(await audits()).toBe(count);
    expect(await kpiSettings(tool.id)).toEqual(before);

    const change = await saveKpiSettings(tool.id, { ...before, licensedSeatsField: null }, admin);
    // Nothing new to read from Salesforce: no word of a re-read.
    expect(change).toMatchObject({ changed: true, settings: { licensedSeatsField: null } });
    expect(change.message).not.toMatch(/reads every/);
    const entry = await db.auditLog.findFirstOrThrow({ where: { action: "kpi-settings.save", targetId: tool.id }, orderBy: { at: "desc" } });
    expect(entry.before).toMatchObject({ licensedSeatsField: SEATS });
    expect(entry.after).toMatchObject({ licensedSeatsField: null });
    // The tool's other pull settings are kept beside them.
    await db.integration.update({ where: { id: tool.id }, data: { pullSettings: { pageSize: 321, kpis: change.settings } } });
    await saveKpiSettings(tool.id, before, admin);
    expect((await db.integration.findUniqueOrThrow({ where: { id: tool.id } })).pullSettings).toEqual({ pageSize: 321, kpis: before });
  });

  // Each command starts a process that compiles the CLI: slow on a busy machine, so a longer bound.
  it("the command line changes them key by key, as npm run demo does, and says what is wrong with a field", { timeout: 180_000 }, async () => {
    const cli = (...args: string[]) => promisify(execFile)(process.execPath, ["--import", "tsx", "scripts/cli.ts", "kpi-settings", "--integration", "px", ...args], { env: childProcessEnv({ LOG_LEVEL: "warn" }) });
    const tool = await toolOf("PX");
    const before = await kpiSettings(tool.id);
    // As right after connect-demo: the worker has not cached the describe yet; the command reads it.
    await db.salesforceDescribe.deleteMany({ where: { integrationId: salesforce.id } });
    const set = JSON.parse((await cli("--contracted-field", CONTRACTED, "--json")).stdout) as { settings: unknown; changed: boolean };
    expect(await db.salesforceDescribe.count({ where: { integrationId: salesforce.id, objectName: "Account" } })).toBe(1);
    expect(set).toMatchObject({ changed: true, settings: { ...before, contractedFeaturesField: CONTRACTED } });
    expect(await kpiSettings(tool.id)).toEqual({ ...before, contractedFeaturesField: CONTRACTED });
    const [refused, text] = await Promise.all([cli("--seats-field", "ARR__c").catch((e: unknown) => e), cli("--contracted-field", "none").then((r) => r.stdout)]);
    expect(refused).toMatchObject({ code: 1, stderr: expect.stringContaining("Account.ARR__c is a currency (an amount of money), not a count") });
    expect(text).toMatch(/contracted features field\s+—/);
    expect(await kpiSettings(tool.id)).toEqual(before);
  });

  it("the page lists the tracked features with the accounts using each, and the fields that can hold each setting", async () => {
    const view = await kpiSettingsView((await toolOf("PENDO")).id);
    const d = pendoData();
    expect(view.features.map((f) => f.name).sort()).toEqual(d.features.map((f) => f.name).sort());
    const last = view.usageDays!;
    const usedBy = (id: string) => new Set(d.clicks.filter((c) => c.feature === id && c.day >= last.from && c.day <= last.to).map((c) => c.account)).size;
    for (const f of view.features) expect(f.accounts30d, f.name).toBe(usedBy(f.id));
    expect(view.fieldOptions.licensedSeatsField.map((f) => f.name)).toContain(SEATS);
    expect(view.fieldOptions.licensedSeatsField.map((f) => f.name)).not.toContain("ARR__c");
    expect(view.fieldOptions.contractedFeaturesField.map((f) => f.name)).toContain(CONTRACTED);
    expect([view.salesforceObject, view.salesforceMissing, view.usageNote, view.fieldProblems]).toEqual(["Account", null, null, {}]);
  });
});
