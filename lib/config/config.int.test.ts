import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// Configuration export → import against in-process emulators (ports 3201-3203), pulled once so the
// field lists are cached and the hub holds records to match: a file brings back exactly what it
// exported, behaves the same afterwards, and is refused whole when any part of it does not fit.
const session = vi.hoisted(() => {
  // vi.stubEnv sets what lib/env.ts reads, before any import loads it.
  vi.stubEnv("SALESFORCE_EMULATOR_URL", "http://127.0.0.1:3201");
  vi.stubEnv("PENDO_EMULATOR_URL", "http://127.0.0.1:3202");
  vi.stubEnv("PX_EMULATOR_URL", "http://127.0.0.1:3203/v1");
  vi.stubEnv("SECRETS_KEY", Buffer.alloc(32, 7).toString("base64"));
  return { user: null as import("@/lib/auth/session").CurrentUser | null };
});
vi.mock("@/lib/auth/session", () => ({ getCurrentUser: async () => session.user }));

import { generateDemoData } from "@/emulators/generator/generate";
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

const fixture = generateDemoData({ seed: 47, accounts: 40 });
let teardown: () => Promise<void> = async () => undefined;
let actor: { id: string; email: string };
const ids = { px: "", pendo: "", salesforce: "" };

beforeAll(async () => {
  teardown = await connectedHub(fixture, 3201);
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
    expect(Object.keys(byKey).sort()).toEqual(["salesforce.pullSettings", "tools.PENDO.fieldMappings", "tools.PENDO.matchingRules", "tools.PX.fieldMappings", "tools.PX.matchingRules"]);
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
