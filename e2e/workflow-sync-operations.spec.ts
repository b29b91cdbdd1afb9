import { execFileSync } from "node:child_process";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { E2E_ADMIN, E2E_EMULATOR_PORTS, E2E_ENV } from "./config";
import { integrationCard as card, lastSyncRunId, signInAs, waitForSyncAfter } from "./helpers";

// Runs after synchronize.spec.ts (see there). Issue 11 as an admin meets it: a Synchronize that Salesforce partly refuses, read record by record
// and retried after the cause is fixed; an alert raised once and resolved once; a preview and its
// diff; a schedule changed and its next runs read in the admin's own time zone.

const SALESFORCE = `http://127.0.0.1:${E2E_EMULATOR_PORTS.salesforce}`;
const RULE_MESSAGE = "Health data must be reviewed by finance first";
const ALERT_TITLE = "Gainsight PX · Rejected records (Synchronize runs)";

test.use({ timezoneId: "Europe/Paris" });

function cli<T>(...args: string[]): T {
  const out = execFileSync("npx", ["tsx", "scripts/cli.ts", "--json", ...args], { env: { ...process.env, ...E2E_ENV }, encoding: "utf8" });
  return JSON.parse(out) as T;
}

test.beforeAll(async ({ request }) => {
  test.setTimeout(300_000);
  await validationRules(request, null);
  cli("connect-demo");
  // Linked accounts with what the defaults push already written, as on any day after the first.
  cli("sync", "--inline", "--integration", "px");
});

// A failed test must not leave Salesforce refusing records for the specs after it.
test.afterEach(async ({ request }) => {
  await validationRules(request, null);
});

async function validationRules(request: APIRequestContext, recordIds: string[] | null) {
  const res = recordIds
    ? await request.post(`${SALESFORCE}/__emulator/validation-rules`, { data: { rules: [{ object: "Account", recordIds, message: RULE_MESSAGE }] } })
    : await request.delete(`${SALESFORCE}/__emulator/validation-rules`);
  expect(res.ok(), await res.text()).toBe(true);
}

/** Notifications of the PX Synchronize rejected-records rule on /alerts, by the state they moved to. */
async function rejectedAlerts(page: Page): Promise<{ raised: number; resolved: number }> {
  await page.goto("/alerts");
  // The notifications, not the "Open now" list above them.
  const notifications = page.getByRole("heading", { name: "Notifications", exact: true }).locator("xpath=../..");
  const items = notifications.getByRole("listitem").filter({ hasText: ALERT_TITLE });
  const texts = await items.allTextContents();
  return { raised: texts.filter((t) => /^(WARNING|CRITICAL)/.test(t)).length, resolved: texts.filter((t) => t.startsWith("Resolved")).length };
}

async function synchronizePx(page: Page): Promise<string> {
  await page.goto("/integrations");
  const before = await lastSyncRunId(page, "PX");
  await card(page, "PX").getByRole("button", { name: "Synchronize" }).click();
  const { runId } = await waitForSyncAfter(page, "PX", before);
  return runId;
}

/** Emulator faults (see emulators/README.md): "" clears them. */
async function salesforceFaults(request: APIRequestContext, spec: string) {
  const res = await request.post(`${SALESFORCE}/__emulator/faults`, { data: { spec } });
  expect(res.ok(), await res.text()).toBe(true);
}

/** Clicks Synchronize on the PX card and follows the run on its own page, progress and time left, to the end. */
async function synchronizePxOnRunPage(page: Page, request: APIRequestContext): Promise<string> {
  await page.goto("/integrations");
  const before = await lastSyncRunId(page, "PX");
  // Each Salesforce write takes seconds, so the run is long enough to watch.
  await salesforceFaults(request, "slow:path=/composite/sobjects,ms=6000");
  try {
    await card(page, "PX").getByRole("button", { name: "Synchronize" }).click();
    await expect.poll(() => lastSyncRunId(page, "PX"), { timeout: 60_000 }).not.toBe(before);
    const runId = (await lastSyncRunId(page, "PX"))!;
    await page.goto(`/sync/${runId}`);
    const progress = page.getByRole("progressbar", { name: "Synchronize progress" });
    await expect(progress).toHaveAttribute("aria-valuetext", /^Step \d+ of 9: /, { timeout: 60_000 });
    await expect(page.getByTestId("run-time-left")).toContainText(/left|longer than usual/);
    await salesforceFaults(request, "");
    await expect(page.getByTestId("run-progress")).toHaveCount(0, { timeout: 120_000 });
    return runId;
  } finally {
    await salesforceFaults(request, "");
  }
}

test("Salesforce refuses three accounts: the admin reads why, fixes the cause, retries them, and the alert comes and goes once", async ({ page, request }) => {
  test.setTimeout(300_000);
  await signInAs(page, E2E_ADMIN.email, E2E_ADMIN.password);
  const links = cli<{ object: string; salesforceId: string }[]>("links", "--integration", "px");
  const accounts = [...new Set(links.filter((l) => l.object === "account").map((l) => l.salesforceId))].slice(0, 3);
  expect(accounts).toHaveLength(3);
  // New health values for the three, so the next Synchronize writes them.
  for (const [i, id] of accounts.entries()) {
    const res = await page.request.post(`/api/accounts/${id}/health-override`, { data: { score: 11 + i, reason: "e2e: a value to write", expiresAt: new Date(Date.now() + 7 * 86_400_000).toISOString() } });
    expect(res.ok(), await res.text()).toBe(true);
  }
  const alertsBefore = await rejectedAlerts(page);
  await validationRules(request, accounts);

  const runId = await synchronizePxOnRunPage(page, request);
  await expect(page.getByText("Partial", { exact: true }).first()).toBeVisible();
  await page.getByTestId("outcome-failures").click();
  const rows = page.getByTestId("record-row");
  await expect(rows).toHaveCount(3);
  for (const row of await rows.all()) {
    await expect(row).toContainText("FIELD_CUSTOM_VALIDATION_EXCEPTION");
    await expect(row).toContainText("A validation rule on Account refused");
    await expect(row).toContainText(`Salesforce said: ${RULE_MESSAGE}`);
  }
  // The call behind them, as sent, for Salesforce support: the request names the three, the answer has the rule's words.
  const calls = page.getByRole("list", { name: "Failed calls" }).getByTestId("failed-call");
  await expect(calls.first()).toContainText("PATCH /composite/sobjects");
  await calls.first().locator("summary").click();
  await expect(calls.first().getByRole("button", { name: "Copy request" })).toBeVisible();
  await expect(calls.first().locator("pre").last()).toContainText("FIELD_CUSTOM_VALIDATION_EXCEPTION");
  const requests = (await calls.locator("pre").allTextContents()).join("\n");
  for (const id of accounts) expect(requests).toContain(`"Id": "${id}"`);
  expect(requests).toContain(RULE_MESSAGE);
  // Find one of them by its id, then all three by the vendor's error code; export what is shown.
  const search = page.getByRole("search", { name: "Filter records" });
  await search.getByLabel("Record id or name").fill(accounts[0]!);
  await search.getByRole("button", { name: "Apply" }).click();
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(accounts[0]!);
  await search.getByLabel("Record id or name").fill("");
  await search.getByLabel("Error code").selectOption("FIELD_CUSTOM_VALIDATION_EXCEPTION");
  await search.getByRole("button", { name: "Apply" }).click();
  await expect(rows).toHaveCount(3);
  const csv = await page.request.get((await search.getByRole("link", { name: "Export CSV" }).getAttribute("href"))!);
  expect(csv.status()).toBe(200);
  const lines = (await csv.text()).trim().split("\n");
  expect(lines).toHaveLength(4);
  for (const id of accounts) expect(lines.some((l) => l.includes(id) && l.includes("FIELD_CUSTOM_VALIDATION_EXCEPTION"))).toBe(true);

  // In the history, sorted by rejected records, this run comes first and says how many.
  await page.goto("/sync");
  await page.getByTestId("run-sort").selectOption("rejected");
  await page.getByRole("search", { name: "Filter runs" }).getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/sort=rejected/);
  const runRows = page.getByRole("table", { name: "Sync runs" }).locator("tbody tr");
  const rejectedCounts = await runRows.evaluateAll((trs) => trs.map((tr) => Number((/(\d[\d,]*) rejected/.exec(tr.textContent ?? "")?.[1] ?? "0").replace(/,/g, ""))));
  expect(rejectedCounts).toEqual([...rejectedCounts].sort((a, b) => b - a));
  await expect(runRows.filter({ has: page.locator(`a[href="/sync/${runId}"]`) })).toContainText("3 rejected");
  await expect(page.getByTestId("run-sort")).toHaveValue("rejected");
  // A column header sorts too, and the form follows it.
  await page.getByRole("columnheader").getByRole("link", { name: "Duration" }).click();
  await expect(page).toHaveURL(/sort=duration/);
  await expect(page.getByRole("columnheader", { name: /Duration/ })).toHaveAttribute("aria-sort", "descending");
  await expect(page.getByTestId("run-sort")).toHaveValue("duration");

  const raised = await rejectedAlerts(page);
  expect(raised).toEqual({ raised: alertsBefore.raised + 1, resolved: alertsBefore.resolved });
  await expect(page.getByRole("link", { name: /^Alerts: \d+ unread$/ })).toBeVisible();

  // The cause fixed in Salesforce, the three are retried as a run of their own.
  await validationRules(request, null);
  await page.goto(`/sync/${runId}?outcome=failures`);
  await page.getByRole("button", { name: /^Retry all failed \(3\)/ }).click();
  await expect(page).not.toHaveURL(new RegExp(`/sync/${runId}`));
  await expect(page.getByTestId("retry-of-link")).toHaveAttribute("href", `/sync/${runId}`);
  await expect(page.getByText("Succeeded", { exact: true }).first()).toBeVisible({ timeout: 60_000 });
  await page.getByTestId("outcome-succeeded").click();
  await expect(rows).toHaveCount(3);

  // The next Synchronize has nothing refused: the alert is resolved, once.
  const again = await synchronizePx(page);
  expect(again).not.toBe(runId);
  expect(await rejectedAlerts(page)).toEqual({ raised: alertsBefore.raised + 1, resolved: alertsBefore.resolved + 1 });
  // Unchanged since: a further run says nothing new.
  await synchronizePx(page);
  expect(await rejectedAlerts(page)).toEqual({ raised: alertsBefore.raised + 1, resolved: alertsBefore.resolved + 1 });
});

test("a preview shows what Synchronize would write, and writes nothing", async ({ page }) => {
  test.setTimeout(180_000);
  await signInAs(page, E2E_ADMIN.email, E2E_ADMIN.password);
  const links = cli<{ object: string; salesforceId: string }[]>("links", "--integration", "px");
  const id = links.find((l) => l.object === "account")!.salesforceId;
  const res = await page.request.post(`/api/accounts/${id}/health-override`, { data: { score: 3, reason: "e2e: preview this", expiresAt: new Date(Date.now() + 86_400_000).toISOString() } });
  expect(res.ok(), await res.text()).toBe(true);

  await page.goto("/integrations");
  const before = await lastSyncRunId(page, "PX");
  await card(page, "PX").getByRole("button", { name: "Preview" }).click();
  await expect(page).toHaveURL(/\/sync\/[A-Za-z0-9_-]+$/);
  const banner = page.getByTestId("preview-banner");
  await expect(banner).toContainText("Preview — nothing was written");
  await expect(page.getByText("Succeeded", { exact: true }).first()).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId("preview-object").first()).toBeVisible();
  await expect(page.getByTestId("preview-api-calls")).toBeVisible();
  await page.getByRole("link", { name: /See each write, field by field/ }).click();
  const row = page.getByTestId("record-row").filter({ hasText: id });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("3");

  // Kept in history as a preview; the card's last Synchronize is still the one before.
  await page.goto("/sync?kind=PREVIEW");
  await expect(page.getByTestId("preview-mark").first()).toBeVisible();
  await page.goto("/integrations");
  expect(await lastSyncRunId(page, "PX")).toBe(before);
  await page.request.delete(`/api/accounts/${id}/health-override`);
});

test("an admin changes the Pendo Synchronize schedule and reads its next five runs in their own zone", async ({ page }) => {
  await signInAs(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await page.goto("/settings/schedules");
  await expect(page.getByTestId("viewer-zone")).toContainText("Europe/Paris");
  const schedule = page.getByTestId("schedule-pendo-synchronize");
  await schedule.getByRole("button", { name: "Edit the Pendo synchronize schedule" }).click();
  const form = page.getByRole("form", { name: "Edit the Pendo synchronize schedule" });
  await form.getByLabel("Cron expression").fill("61 * * * *");
  await form.getByRole("button", { name: "Save schedule" }).click();
  await expect(form.getByLabel("Cron expression")).toHaveAttribute("aria-invalid", "true");
  await expect(form).toContainText('"61 * * * *" is not a valid cron expression');

  await form.getByLabel("Cron expression").fill("30 6 * * 1-5");
  await form.getByLabel("Time zone").fill("America/New_York");
  await form.getByRole("button", { name: "Save schedule" }).click();
  await expect(page.getByText('Saved. Pendo synchronize runs on "30 6 * * 1-5" (America/New_York).')).toBeVisible();
  await expect(schedule.getByTestId("schedule-cron")).toHaveText("30 6 * * 1-5");
  const next = schedule.getByRole("list", { name: "Next runs of the Pendo synchronize schedule" }).getByRole("listitem");
  await expect(next).toHaveCount(5);
  // 06:30 in New York is 12:30 in Paris (both on summer or both on winter time, but for two weeks a year).
  for (const item of await next.all()) {
    const iso = (await item.locator("time").getAttribute("datetime"))!;
    const paris = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/Paris", hour: "2-digit", minute: "2-digit" }).format(new Date(iso));
    await expect(item).toContainText(paris);
    const weekday = new Intl.DateTimeFormat("en-US", { timeZone: "America/New_York", weekday: "short" }).format(new Date(iso));
    expect(["Mon", "Tue", "Wed", "Thu", "Fri"]).toContain(weekday);
  }

  await schedule.getByRole("button", { name: "Pause the Pendo synchronize schedule" }).click();
  await expect(schedule.getByText("Paused", { exact: true })).toBeVisible();
  await schedule.getByRole("button", { name: "Resume the Pendo synchronize schedule" }).click();
  await expect(schedule.getByRole("button", { name: "Pause the Pendo synchronize schedule" })).toBeVisible();
});
