import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// Configuration export → import against in-process emulators (ports 3411-3413), pulled once so the
// field lists are cached and the hub holds records to match: a file brings back exactly what it
// exported, behaves the same afterwards, and is refused whole when any part of it does not fit.
const session = vi.hoisted(() => {
  // vi.stubEnv sets what lib/env.ts reads, before any import loads it.
  vi.stubEnv("SALESFORCE_EMULATOR_URL", "http://127.0.0.1:3411");
  vi.stubEnv("PENDO_EMULATOR_URL", "http://127.0.0.1:3412");
  vi.stubEnv("PX_EMULATOR_URL", "http://127.0.0.1:3413/v1");
  vi.stubEnv("SECRETS_KEY", Buffer.alloc(32, 7).toString("base64"));
  return { user: null as import("@/lib/auth/session").CurrentUser | null };
});
vi.mock("@/lib/auth/session", () => ({ getCurrentUser: async () => session.user }));

import { generateDemoData } from "@/emulators/generator/generate";
import { saveCsmSettings } from "@/lib/accounts/csm/csm-settings";
import { saveAlertSettings } from "@/lib/alerts/save-settings";
import { alertChannels } from "@/lib/alerts/settings";
import { DEFAULT_ALERT_RULES } from "@/lib/alerts/settings-schema";
import { GET as exportRoute } from "@/app/api/config/export/route";
import { POST as importRoute } from "@/app/api/config/import/route";
import { applyImport } from "@/lib/config/apply-import";
import type { ConfigFile } from "@/lib/config/config-schema";
import { exportConfig } from "@/lib/config/export-config";
import { previewImport } from "@/lib/config/preview-import";
import { db } from "@/lib/db";
import { isAppError } from "@/lib/errors";
import { DEMO_KEYS } from "@/lib/integrations/connect-demo";
import { saveFirstPullWindow } from "@/lib/integrations/pull-settings";
import { PREFIX_RULE } from "@/lib/mapping/prefix-rule";
import { saveRules } from "@/lib/matching/settings-store";
import { connectedHub } from "@/lib/testing/connected-hub";
import { computeMatches } from "@/lib/sync/match/match-integration";
import { pullInline } from "@/lib/sync/pull/pull-from-cli";
import { pushPlan } from "@/lib/sync/push/mappings";
import { getQueue } from "@/lib/queue/producer";
import { schedulerId, SCHEDULE_QUEUE } from "@/lib/sync/schedules/apply-schedulers";
import { DEFAULT_SCHEDULES } from "@/lib/sync/schedules/defaults";
import { nextRunTimes } from "@/lib/sync/schedules/next-run-times";
import { setSchedulePaused } from "@/lib/sync/schedules/set-schedule-paused";

const fixture = generateDemoData({ seed: 47, accounts: 40 });
let teardown: () => Promise<void> = async () => undefined;
let actor: { id: string; email: string };
const ids = { px: "", pendo: "", salesforce: "" };

beforeAll(async () => {
  teardown = await connectedHub(fixture, 3411);
  const pulls = await pullInline();
  expect(pulls.filter((p) => p.status === "FAILED")).toEqual([]);
  const admin = await db.user.create({ data: { email: "admin@config.test", role: "ADMIN" } });
  actor = { id: admin.id, email: admin.email };
  session.user = { ...actor, name: null, role: "ADMIN", mustChangePassword: false };
  ids.px = (await db.integration.findFirstOrThrow({ where: { system: "PX" } })).id;
  ids.pendo = (await db.integration.findFirstOrThrow({ where: { system: "PENDO" } })).id;
  ids.salesforce = (await db.integration.findFirstOrThrow({ where: { system: "SALESFORCE" } })).id;
});

afterAll(() => teardown());

const ctx = () => ({ actor, ip: "test" });
const withoutTime = ({ exportedAt: _at, ...rest }: ConfigFile) => rest;

/** A file that must be refused: the preview says so, the apply throws naming how many problems; its problems. */
async function refusedImport(file: ConfigFile, problems = 1) {
  const preview = await previewImport(file);
  expect(preview.ok).toBe(false);
  const error = await applyImport(file, ctx()).then(
    () => null,
    (e: unknown) => e,
  );
  expect(isAppError(error) && error.code).toBe("INVALID_INPUT");
  expect((error as Error).message).toMatch(new RegExp(`^Nothing was changed: the file has ${problems} problems?\\.`));
  return preview.problems;
}
// One transaction writes them all, so they may share a timestamp: ordered by action instead.
const importAudits = () => db.auditLog.findMany({ where: { action: { startsWith: "config.import." } }, orderBy: { action: "asc" } });

/** Matching reads records in whatever order PostgreSQL returns them: compare its lists as sets. */
function inAnyOrder(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(inAnyOrder).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, inAnyOrder(v)]));
  return value;
}

/** What a sync of PX would do: the links and exceptions matching makes, and the mappings the push writes with. */
async function pxBehaviour() {
  const [matches, accounts, contacts] = await Promise.all([computeMatches(ids.px), pushPlan(ids.px, "px", "account"), pushPlan(ids.px, "px", "contact")]);
  const plan = (p: typeof accounts) => ({ object: p.salesforceObject, mappings: p.mappings, leftOut: p.leftOut });
  return { matches: inAnyOrder(matches), push: { accounts: plan(accounts), contacts: plan(contacts) } };
}

describe("configuration export → import", () => {
  it("brings back exactly what was exported, lists each change first, and behaves as before", async () => {
    const exported = await exportConfig();
    expect(Object.keys(exported.tools).sort()).toEqual(["PENDO", "PX"]);
    expect(exported.tools.PX!.fieldMappings.length).toBeGreaterThan(0);
    const before = await pxBehaviour();

    // An admin changes PX's rules and mappings and the first-pull window after the export.
    await saveRules(ids.px, { accounts: [{ kind: "salesforceId" }, { kind: "name", exact: true }], contacts: [{ kind: "salesforceContactId" }] }, actor);
    // One mapping's write mode changed, one removed, one added.
    const lastSeen = (m: { entity: string; targetField: string }) => m.targetField === "PX_Last_Seen__c";
    const edited = [
      // The admin pushes PX's own health attribute instead of Clearinghouse's score (the default for that field).
      ...exported.tools.PX!.fieldMappings.filter((m) => !(lastSeen(m) && m.entity === "contact") && m.targetField !== "PX_Health_Score__c").map((m) => ({ ...m, ...(lastSeen(m) ? { writeMode: "always" as const } : {}), integrationId: ids.px })),
      { entity: "account", direction: "push-to-salesforce", source: { kind: "field", field: "healthScore" }, targetField: "PX_Health_Score__c", writeMode: "always", owner: null, integrationId: ids.px },
    ];
    await db.fieldMappingSet.create({ data: { integrationId: ids.px, mappings: edited, updatedBy: actor.email } });
    await saveFirstPullWindow(ids.salesforce, 6, ctx());
    const changed = await pxBehaviour();
    expect(changed.matches).not.toEqual(before.matches); // the change matters, so "the same again" below means something
    expect(changed.push).not.toEqual(before.push);

    const preview = await previewImport(exported);
    expect(preview.problems).toEqual([]);
    expect(preview.ok).toBe(true);
    expect(preview.exportedAt).toBe(exported.exportedAt);
    const byKey = Object.fromEntries(preview.sections.map((s) => [s.key, s]));
    expect(Object.keys(byKey).sort()).toEqual([
      "alerts.rules",
      "salesforce.csmSettings",
      "salesforce.pullSettings",
      "salesforce.schedules",
      "tools.PENDO.fieldMappings",
      "tools.PENDO.kpiSettings",
      "tools.PENDO.matchingRules",
      "tools.PENDO.schedules",
      "tools.PX.fieldMappings",
      "tools.PX.kpiSettings",
      "tools.PX.matchingRules",
      "tools.PX.schedules",
    ]);
    expect(byKey["salesforce.pullSettings"]!.changes).toEqual([{ kind: "changed", item: "First pull window", before: "the last 6 months", after: "everything" }]);
    expect(byKey["tools.PX.matchingRules"]!.changes).toEqual([
      { kind: "added", item: "Accounts: Website domain", after: "criterion 2 of 4" },
      { kind: "changed", item: "Accounts: Name", before: "Name (exact)", after: "Name" },
      { kind: "added", item: "Accounts: Recent users' email domain", after: "criterion 4 of 4" },
      { kind: "added", item: "Users: Email", after: "criterion 2 of 3" },
      { kind: "added", item: "Users: Phone", after: "criterion 3 of 3" },
    ]);
    expect(byKey["tools.PX.fieldMappings"]!.changes).toEqual([
      { kind: "changed", item: "Accounts pushed to Salesforce: PX_Last_Seen__c", before: "lastSeenDate → PX_Last_Seen__c, write always", after: "lastSeenDate → PX_Last_Seen__c, write neverNull" },
      { kind: "changed", item: "Accounts pushed to Salesforce: PX_Health_Score__c", before: "healthScore → PX_Health_Score__c, write always", after: "calculated:healthScore → PX_Health_Score__c, write neverNull" },
      { kind: "added", item: "Contacts and users pushed to Salesforce: PX_Last_Seen__c", after: "lastSeenDate → PX_Last_Seen__c, write neverNull" },
    ]);
    expect(byKey["tools.PENDO.matchingRules"]).toMatchObject({ state: "unchanged", changes: [] });
    expect(byKey["tools.PENDO.fieldMappings"]).toMatchObject({ state: "unchanged", changes: [] });
    expect(preview.changes).toBe(9);
    expect(await importAudits()).toEqual([]); // a preview writes nothing

    const applied = await applyImport(exported, ctx());
    expect(applied.preview.changes).toBe(9);
    // Only PX's rules changed, so only PX is re-matched (queued for the worker, as a save on the Matching page).
    expect(applied.rematches).toEqual([{ system: "PX", runId: expect.any(String) }]);
    expect(await db.syncRun.findUniqueOrThrow({ where: { id: applied.rematches[0]!.runId! } })).toMatchObject({ kind: "MATCH", status: "QUEUED", trigger: "rules", triggeredBy: actor.email });

    expect(withoutTime(await exportConfig())).toEqual(withoutTime(exported));
    expect(await pxBehaviour()).toEqual(before);

    const audits = await importAudits();
    expect(audits.map((a) => [a.action, a.targetId, a.actorEmail])).toEqual([
      ["config.import.field-mappings", ids.px, actor.email],
      ["config.import.matching-rules", ids.px, actor.email],
      ["config.import.pull-settings", ids.salesforce, actor.email],
    ]);
    expect(audits[0]!.after).toEqual(exported.tools.PX!.fieldMappings);
    expect(audits[1]!.after).toEqual(exported.tools.PX!.matchingRules);
    expect((audits[2]!.before as { firstPullMonths: number }).firstPullMonths).toBe(6);

    // The same file again: nothing to change, nothing written, nothing re-matched.
    const again = await applyImport(JSON.stringify(exported), ctx());
    expect(again.preview.changes).toBe(0);
    expect(again.preview.sections.every((s) => s.state === "unchanged")).toBe(true);
    expect(again.rematches).toEqual([]);
    expect(await importAudits()).toHaveLength(3);
  });

  it("refuses a file of another version, malformed JSON, a non-prefixed push target and a tool not connected, changing nothing", async () => {
    const exported = await exportConfig();
    const audits = (await importAudits()).length;
    const refused = async (input: unknown) => {
      const preview = await previewImport(input);
      expect(preview.ok).toBe(false);
      const error = await applyImport(input, ctx()).then(
        () => null,
        (e: unknown) => e,
      );
      expect(isAppError(error) && error.code).toBe("INVALID_INPUT");
      expect((error as Error).message).toMatch(/^Nothing was changed: the file has \d+ problems?\./);
      return preview.problems;
    };

    expect(await refused({ ...exported, version: 2 })).toEqual([{ path: "version", message: expect.stringContaining("this Clearinghouse reads version 1 only") }]);
    expect(await refused(`${JSON.stringify(exported).slice(0, -1)},}`)).toEqual([{ path: "", message: expect.stringMatching(/^The file is not valid JSON/) }]);

    const prefixed = structuredClone(exported);
    prefixed.tools.PX!.fieldMappings.push({ entity: "account", direction: "push-to-salesforce", source: { kind: "field", field: "id" }, targetField: "Name", writeMode: "always", owner: null });
    const index = prefixed.tools.PX!.fieldMappings.length - 1;
    const [problem, ...others] = await refused(prefixed);
    expect(others).toEqual([]);
    expect(problem!.path).toBe(`tools.PX.fieldMappings[${index}].targetField`);
    expect(problem!.message).toContain(`"${PREFIX_RULE.px}"`);
    expect(problem!.message).toContain("id → Name");

    // PX disconnected here: its section is reported, not dropped.
    const px = await db.integration.findUniqueOrThrow({ where: { id: ids.px } });
    await db.integration.update({ where: { id: ids.px }, data: { secrets: null } });
    try {
      const problems = await refused(exported);
      expect(problems).toEqual([{ path: "tools.PX", message: expect.stringContaining("Gainsight PX is not connected here") }]);
    } finally {
      await db.integration.update({ where: { id: ids.px }, data: { secrets: px.secrets } });
    }
    expect(await importAudits()).toHaveLength(audits);
    expect(withoutTime(await exportConfig())).toEqual(withoutTime(exported));
  });

  it("serves the file as a dated download without a secret, and previews or applies through the API", async () => {
    const res = await exportRoute(new Request("http://localhost/api/config/export", { headers: { host: "localhost" } }), { params: Promise.resolve({}) });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="clearinghouse-config-\d{4}-\d{2}-\d{2}\.json"$/);
    const text = await res.text();
    for (const secret of [DEMO_KEYS.pendo, DEMO_KEYS.px, "secrets", "accessToken", "refreshToken"]) expect(text).not.toContain(secret);
    const file = JSON.parse(text) as ConfigFile;
    expect(withoutTime(file)).toEqual(withoutTime(await exportConfig()));

    const post = (body: unknown) =>
      importRoute(new Request("http://localhost/api/config/import", { method: "POST", headers: { "content-type": "application/json", host: "localhost" }, body: JSON.stringify(body) }), {
        params: Promise.resolve({}),
      });
    const previewed = (await (await post({ config: text })).json()) as { applied: boolean; preview: { ok: boolean; changes: number } };
    expect(previewed).toMatchObject({ applied: false, preview: { ok: true, changes: 0 } });
    const refused = await post({ config: { ...file, version: 2 }, apply: true });
    expect(refused.status).toBe(422);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(/version 1 only/);
    expect((await (await post({ config: file, apply: true })).json()) as unknown).toMatchObject({ applied: true, preview: { ok: true, changes: 0 }, rematches: [] });
  });
});

/** The integration schedulers in Redis (this run's queue prefix), by id, with their pattern and zone. */
async function schedulers() {
  const all = await getQueue(SCHEDULE_QUEUE).getJobSchedulers(0, -1);
  return new Map(all.filter((s) => s.key.startsWith("schedule:")).map((s) => [s.key, { pattern: s.pattern, tz: s.tz }]));
}

/** When each scheduler's pending jobs are due: an upsert leaves exactly one, at the next fire time. */
async function pendingRuns(id: string): Promise<number[]> {
  const jobs = await getQueue(SCHEDULE_QUEUE).getJobs(["delayed", "waiting", "prioritized"]);
  return jobs.filter((j) => j.repeatJobKey === id).map((j) => j.timestamp + j.delay);
}

const scheduleAudits = () => db.auditLog.findMany({ where: { targetType: "SyncSchedule" }, orderBy: { at: "asc" } });
const scheduleRows = () => db.syncSchedule.findMany({ orderBy: [{ integrationId: "asc" }, { action: "asc" }] });

describe("schedules in the configuration file", () => {
  const paris = { cron: "0 6 * * *", timezone: "Europe/Paris", paused: false };

  it("exports each system's schedules, previews a change in words, and applies it as Settings › Schedules does", async () => {
    const exported = await exportConfig();
    const running = (action: "pull" | "synchronize") => ({ ...DEFAULT_SCHEDULES[action], paused: false });
    // Nobody saved one yet: the defaults are what runs, so they are what the file holds.
    expect(exported.salesforce!.schedules).toEqual({ pull: running("pull") });
    for (const system of ["PENDO", "PX"] as const) expect(exported.tools[system]!.schedules).toEqual({ pull: running("pull"), synchronize: running("synchronize") });

    // Pendo's Synchronize is paused here after the export; the file has it running, and PX's moved to Paris.
    await setSchedulePaused(ids.pendo, "synchronize", true, ctx());
    expect((await schedulers()).has(schedulerId(ids.pendo, "synchronize"))).toBe(false);
    const audits = (await scheduleAudits()).length;
    const file = structuredClone(exported);
    file.tools.PX!.schedules!.synchronize = paris;

    const preview = await previewImport(file);
    expect(preview.problems).toEqual([]);
    const byKey = Object.fromEntries(preview.sections.map((s) => [s.key, s]));
    expect(byKey["tools.PX.schedules"]).toMatchObject({
      title: "Gainsight PX schedules",
      state: "changed",
      changes: [{ kind: "changed", item: "Gainsight PX Synchronize", before: "0 3,11,19 * * * UTC", after: "0 6 * * * Europe/Paris" }],
    });
    expect(byKey["tools.PENDO.schedules"]!.changes).toEqual([{ kind: "changed", item: "Pendo Synchronize", before: "paused", after: "running" }]);
    expect(byKey["salesforce.schedules"]).toMatchObject({ state: "unchanged", changes: [] });
    expect(preview.changes).toBe(2);
    expect(await scheduleAudits()).toHaveLength(audits); // a preview writes nothing

    const applied = await applyImport(file, ctx());
    expect(applied.schedules).toEqual([
      { system: "PENDO", action: "synchronize" },
      { system: "PX", action: "synchronize" },
    ]);
    expect(applied.rematches).toEqual([]);

    // Redis holds the new pattern and zone, with one pending run at its next fire time; Pendo's runs again.
    const pxSync = schedulerId(ids.px, "synchronize");
    const registered = await schedulers();
    expect(registered.get(pxSync)).toEqual({ pattern: "0 6 * * *", tz: "Europe/Paris" });
    expect(registered.get(schedulerId(ids.pendo, "synchronize"))).toEqual({ pattern: DEFAULT_SCHEDULES.synchronize.cron, tz: "UTC" });
    expect(await pendingRuns(pxSync)).toEqual([nextRunTimes(paris.cron, paris.timezone, 1)[0]!.getTime()]);

    // Audited by the importing admin, as a save on the page is; only the two schedules that differ got a row.
    const written = (await scheduleAudits()).slice(audits);
    expect(written.map((a) => [a.action, a.actorEmail, (a.after as { integration: string }).integration]).sort()).toEqual([
      ["schedule.resume", actor.email, "PENDO"],
      ["schedule.update", actor.email, "PX"],
    ]);
    expect(written.find((a) => a.action === "schedule.update")!.before).toMatchObject({ cron: "0 3,11,19 * * *", timezone: "UTC", default: true });
    const rows = await scheduleRows();
    expect(rows.map((r) => [r.integrationId, r.action, r.cron, r.timezone, r.paused, r.updatedBy]).sort()).toEqual(
      [
        [ids.pendo, "synchronize", DEFAULT_SCHEDULES.synchronize.cron, "UTC", false, actor.email],
        [ids.px, "synchronize", "0 6 * * *", "Europe/Paris", false, actor.email],
      ].sort(),
    );

    expect(withoutTime(await exportConfig())).toEqual(withoutTime(file));
    // The same file again: nothing to change, no audit entry, the pending run untouched.
    const again = await applyImport(file, ctx());
    expect(again.preview.changes).toBe(0);
    expect(again.schedules).toEqual([]);
    expect(await scheduleAudits()).toHaveLength(audits + 2);
    expect(await pendingRuns(pxSync)).toEqual([nextRunTimes(paris.cron, paris.timezone, 1)[0]!.getTime()]);
  });

  it("imports a file exported before schedules joined it, changing no schedule", async () => {
    const current = await exportConfig();
    const old = structuredClone(current);
    delete old.salesforce!.schedules;
    for (const tool of Object.values(old.tools)) delete tool.schedules;
    const rows = await scheduleRows();
    const registered = await schedulers();
    const audits = (await scheduleAudits()).length;

    const preview = await previewImport(JSON.stringify(old));
    expect(preview.ok).toBe(true);
    expect(preview.sections.filter((s) => s.key.endsWith(".schedules")).map((s) => [s.key, s.state])).toEqual([
      ["salesforce.schedules", "not-in-file"],
      ["tools.PENDO.schedules", "not-in-file"],
      ["tools.PX.schedules", "not-in-file"],
    ]);
    const applied = await applyImport(JSON.stringify(old), ctx());
    expect(applied.schedules).toEqual([]);
    expect(await scheduleRows()).toEqual(rows);
    expect(await schedulers()).toEqual(registered);
    expect(await scheduleAudits()).toHaveLength(audits);
    expect(withoutTime(await exportConfig())).toEqual(withoutTime(current));
  });

  it("refuses a bad cron expression or an action the system does not take with a sentence, and applies nothing else of the file", async () => {
    const current = await exportConfig();
    const rows = await scheduleRows();
    const registered = await schedulers();
    const audits = { schedules: (await scheduleAudits()).length, imports: (await importAudits()).length };
    const refused = (file: ConfigFile) => refusedImport(file);

    // Each file also changes PX's matching rules and another schedule: neither may land.
    const withOtherChanges = () => {
      const file = structuredClone(current);
      file.tools.PX!.matchingRules = { accounts: [{ kind: "salesforceId" }], contacts: [{ kind: "email" }] };
      file.tools.PENDO!.schedules!.pull = { cron: "0 2 * * *", timezone: "UTC", paused: true };
      return file;
    };
    const badCron = withOtherChanges();
    badCron.tools.PX!.schedules!.synchronize = { ...paris, cron: "61 * * * *" };
    expect(await refused(badCron)).toEqual([
      { path: "tools.PX.schedules.synchronize.cron", message: expect.stringMatching(/^At tools\.PX\.schedules\.synchronize\.cron: "61 \* \* \* \*" is not a valid cron expression \(.+\)\. Check its five fields/) },
    ]);

    const salesforceSync = withOtherChanges();
    (salesforceSync.salesforce!.schedules as Record<string, unknown>).synchronize = paris;
    expect(await refused(salesforceSync)).toEqual([
      {
        path: "salesforce.schedules",
        message:
          'At salesforce.schedules: Salesforce takes a pull schedule only; remove "synchronize". Each Pendo or PX Synchronize pulls from Salesforce and pushes into it: schedule theirs under tools.PENDO.schedules or tools.PX.schedules.',
      },
    ]);

    expect(await scheduleRows()).toEqual(rows);
    expect(await schedulers()).toEqual(registered);
    expect(await scheduleAudits()).toHaveLength(audits.schedules);
    expect(await importAudits()).toHaveLength(audits.imports);
    expect(withoutTime(await exportConfig())).toEqual(withoutTime(current));
  });
});

/** What the three pages store: the tools' pull settings (KPI settings inside), the CSM field row, the alert settings row. */
async function ownSettingsRows() {
  const [tools, csm, alerts] = await Promise.all([
    db.integration.findMany({ where: { system: { in: ["PENDO", "PX"] } }, select: { id: true, pullSettings: true }, orderBy: { id: "asc" } }),
    db.csmSettings.findMany(),
    db.alertSettings.findMany(),
  ]);
  return { tools, csm, alerts };
}

const ownAudits = () => db.auditLog.findMany({ where: { action: { in: ["kpi-settings.save", "csm.settings.save", "alert-settings.save"] } }, orderBy: [{ at: "asc" }, { action: "asc" }] });

describe("KPI settings, the CSM field and the alert rules in the configuration file", () => {
  const WEBHOOK = "http://localhost:9/hooks/secret-path-of-the-webhook";
  const SMTP = { host: "smtp.config.test", port: 587, security: "starttls" as const, user: "alerts", from: "alerts@config.test", to: ["ops@config.test"] };

  beforeAll(async () => {
    // Two features PX tracks, so core features can be marked; and channels whose secrets must stay out of the file and be kept.
    await db.usageFeature.createMany({
      data: [
        { integrationId: ids.px, externalId: "config-f1", name: "Dashboards", active: true, refreshedAt: new Date() },
        { integrationId: ids.px, externalId: "config-f2", name: "Exports", active: true, refreshedAt: new Date() },
      ],
    });
    await saveAlertSettings({ rules: DEFAULT_ALERT_RULES, webhook: { url: WEBHOOK }, email: { ...SMTP, password: "smtp-password-never-exported" } }, ctx());
  });

  it("exports each, previews a change in words, and applies it through each page's own write, keeping the alert channels", async () => {
    const exported = await exportConfig();
    expect(exported.salesforce!.csmSettings).toEqual({ fieldName: "CSM__c" });
    expect(exported.tools.PX!.kpiSettings).toEqual({ coreFeatureIds: [], contractedFeaturesField: null, licensedSeatsField: null });
    expect(exported.alerts).toEqual({ rules: DEFAULT_ALERT_RULES });
    const text = JSON.stringify(exported);
    for (const secret of ["secret-path-of-the-webhook", "smtp-password-never-exported", SMTP.host, "webhook", "ops@config.test"]) expect(text).not.toContain(secret);

    // The CSM field moved to the account owner here after the export, through its page; the file has CSM__c.
    await saveCsmSettings(ids.salesforce, { fieldName: "OwnerId" }, { actor, ip: "test" });
    const audits = (await ownAudits()).length;
    const file = structuredClone(exported);
    file.tools.PX!.kpiSettings = { coreFeatureIds: ["config-f1", "config-f2"], contractedFeaturesField: "Contracted_Features__c", licensedSeatsField: "Licensed_Seats__c" };
    file.alerts!.rules = { ...DEFAULT_ALERT_RULES, runFailed: { enabled: true, warning: 2, critical: 5 }, slowRun: { ...DEFAULT_ALERT_RULES.slowRun, enabled: false } };

    const preview = await previewImport(file);
    expect(preview.problems).toEqual([]);
    const byKey = Object.fromEntries(preview.sections.map((s) => [s.key, s]));
    expect(byKey["salesforce.csmSettings"]).toMatchObject({
      title: "Salesforce CSM field",
      changes: [{ kind: "changed", item: "CSM field (a lookup to User)", before: "Account.OwnerId", after: "Account.CSM__c" }],
    });
    expect(byKey["tools.PX.kpiSettings"]).toMatchObject({
      title: "Gainsight PX KPI settings",
      changes: [
        { kind: "changed", item: "Licensed seats field", before: "none", after: "Licensed_Seats__c" },
        { kind: "changed", item: "Contracted features field", before: "none", after: "Contracted_Features__c" },
        { kind: "added", item: "Core feature: Dashboards" },
        { kind: "added", item: "Core feature: Exports" },
      ],
    });
    expect(byKey["tools.PENDO.kpiSettings"]).toMatchObject({ state: "unchanged", changes: [] });
    expect(byKey["alerts.rules"]!.changes).toEqual([
      { kind: "changed", item: "Alert rule: Run failed", before: "WARNING from 1, CRITICAL from 3 failed runs in a row", after: "WARNING from 2, CRITICAL from 5 failed runs in a row" },
      { kind: "changed", item: "Alert rule: Run far slower than usual", before: "on", after: "off" },
    ]);
    expect(preview.changes).toBe(7);
    expect(await ownAudits()).toHaveLength(audits); // a preview writes nothing

    const applied = await applyImport(file, ctx());
    expect(applied.preview.changes).toBe(7);
    expect(applied.csmPushes).toEqual({ queued: 0 });
    expect(applied.rematches).toEqual([]);
    expect(withoutTime(await exportConfig())).toEqual(withoutTime(file));

    // Audited by the importing admin under each page's own action, as a save there is.
    // One transaction writes them all, so they may share a timestamp: ordered by action.
    const written = (await ownAudits()).slice(audits).sort((a, b) => a.action.localeCompare(b.action));
    expect(written.map((a) => [a.action, a.targetId, a.actorEmail])).toEqual([
      ["alert-settings.save", "1", actor.email],
      ["csm.settings.save", ids.salesforce, actor.email],
      ["kpi-settings.save", ids.px, actor.email],
    ]);
    expect(written[0]!.after).toMatchObject({ rules: file.alerts!.rules, webhook: "set", email: { ...SMTP, passwordSet: true } });
    expect(written[1]).toMatchObject({ before: { fieldName: "OwnerId" }, after: { fieldName: "CSM__c" } });
    expect(written[2]!.after).toEqual(file.tools.PX!.kpiSettings);
    // The channels are as they were: the import gave no secret, so the stored ones were kept.
    expect(await alertChannels()).toMatchObject({ webhookUrl: WEBHOOK, email: { ...SMTP, password: "smtp-password-never-exported" }, unreadable: null });

    const again = await applyImport(file, ctx());
    expect(again.preview.changes).toBe(0);
    expect(again.csmPushes).toBeNull();
    expect(await ownAudits()).toHaveLength(audits + 3);
  });

  it("imports a file exported before these sections joined it, changing none of them", async () => {
    const current = await exportConfig();
    const old = structuredClone(current);
    delete old.salesforce!.csmSettings;
    delete old.alerts;
    for (const tool of Object.values(old.tools)) delete tool.kpiSettings;
    const rows = await ownSettingsRows();
    const audits = (await ownAudits()).length;

    const preview = await previewImport(JSON.stringify(old));
    expect(preview.ok).toBe(true);
    expect(preview.sections.filter((s) => /csmSettings|kpiSettings|alerts/.test(s.key)).map((s) => [s.key, s.state])).toEqual([
      ["salesforce.csmSettings", "not-in-file"],
      ["tools.PENDO.kpiSettings", "not-in-file"],
      ["tools.PX.kpiSettings", "not-in-file"],
      ["alerts.rules", "not-in-file"],
    ]);
    const applied = await applyImport(JSON.stringify(old), ctx());
    expect(applied.csmPushes).toBeNull();
    expect(await ownSettingsRows()).toEqual(rows);
    expect(await ownAudits()).toHaveLength(audits);
    expect(withoutTime(await exportConfig())).toEqual(withoutTime(current));
  });

  it("refuses a value its own page would refuse, with that page's sentence, and applies nothing else of the file", async () => {
    const current = await exportConfig();
    const rows = await ownSettingsRows();
    const audits = { own: (await ownAudits()).length, imports: (await importAudits()).length };
    const refused = refusedImport;
    // Each file also changes PX's matching rules and a valid alert rule or KPI setting: none of it may land.
    const withOtherChanges = () => {
      const file = structuredClone(current);
      file.tools.PX!.matchingRules = { accounts: [{ kind: "salesforceId" }], contacts: [{ kind: "email" }] };
      file.tools.PENDO!.kpiSettings = { ...file.tools.PENDO!.kpiSettings!, licensedSeatsField: "Licensed_Seats__c" };
      file.alerts!.rules = { ...file.alerts!.rules, apiAllowance: { enabled: true, warning: 70, critical: 90 } };
      return file;
    };

    const fields = withOtherChanges();
    fields.tools.PX!.kpiSettings = { ...fields.tools.PX!.kpiSettings!, licensedSeatsField: "ARR__c" };
    fields.salesforce!.csmSettings = { fieldName: "ARR__c" };
    expect(await refused(fields, 2)).toEqual([
      { path: "tools.PX.kpiSettings.licensedSeatsField", message: expect.stringContaining("Account.ARR__c is a currency (an amount of money), not a count: choose a number field") },
      { path: "salesforce.csmSettings.fieldName", message: expect.stringMatching(/^At salesforce\.csmSettings\.fieldName: Account\.ARR__c is not a lookup to User .*Pick a lookup to User\.$/) },
    ]);

    const untracked = withOtherChanges();
    untracked.tools.PX!.kpiSettings = { ...untracked.tools.PX!.kpiSettings!, coreFeatureIds: ["config-f1", "no-such-feature"] };
    expect(await refused(untracked, 1)).toEqual([
      { path: "tools.PX.kpiSettings.coreFeatureIds", message: expect.stringMatching(/^At tools\.PX\.kpiSettings\.coreFeatureIds: One of the core features is not tracked by Gainsight PX now .* Reload the page/) },
    ]);

    const threshold = withOtherChanges();
    threshold.alerts!.rules.runFailed = { enabled: true, warning: 0, critical: 3 };
    expect(await refused(threshold, 1)).toEqual([{ path: "alerts.rules.runFailed.warning", message: "At alerts.rules.runFailed.warning: At least 1." }]);

    const channel = withOtherChanges() as ConfigFile & { alerts: Record<string, unknown> };
    channel.alerts.webhook = { url: "https://hooks.slack.com/services/T/B/x" };
    expect(await refused(channel, 1)).toEqual([{ path: "alerts", message: expect.stringContaining('remove "webhook". The webhook address and the email (SMTP) settings are credentials of one installation') }]);

    expect(await ownSettingsRows()).toEqual(rows);
    expect(await ownAudits()).toHaveLength(audits.own);
    expect(await importAudits()).toHaveLength(audits.imports);
    expect(withoutTime(await exportConfig())).toEqual(withoutTime(current));
  });
});
