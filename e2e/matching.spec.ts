import { execFileSync } from "node:child_process";
import { expect, test, type Page } from "@playwright/test";
import { E2E_ADMIN, E2E_ENV } from "./config";
import { holdRunReads, integrationCard, lastPullRunId, signInAs, waitForPullAfter, type System } from "./helpers";

// An admin pulls, reorders the matching criteria, previews, saves, reads the exceptions and pins a
// match. The integrations are connected with the operators' command line, as `npm run demo` does.

function cli<T>(...args: string[]): T {
  const out = execFileSync("npx", ["tsx", "scripts/cli.ts", "--json", ...args], { env: { ...process.env, ...E2E_ENV }, encoding: "utf8" });
  return JSON.parse(out) as T;
}

async function pullNow(page: Page, system: System) {
  const c = integrationCard(page, system);
  const before = await lastPullRunId(page, system);
  await c.getByRole("button", { name: "Pull now" }).click();
  await expect(c.getByText(/Pull queued/)).toBeVisible();
  // The worker pulls and matches; the card refreshes itself until the run has finished.
  const { status } = await waitForPullAfter(page, system, before);
  expect(status).toBe("SUCCEEDED");
  await expect(c.getByText(/Pull queued/)).toHaveCount(0);
  await expect(c.getByRole("button", { name: "Pull now" })).toBeEnabled();
}

test("an admin pulls, reorders and previews matching criteria, saves, and pins a match from Exceptions", async ({ page }) => {
  test.setTimeout(180_000);
  const connected = cli<{ ok: boolean }[]>("connect-demo");
  expect(connected.every((c) => c.ok)).toBe(true);

  await signInAs(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await page.goto("/integrations");
  await pullNow(page, "SALESFORCE");
  await pullNow(page, "PENDO");
  await pullNow(page, "PX");

  // Matching logic for Pendo: defaults in order, then name moved to the top and the ID criterion off.
  await page.goto("/settings");
  await page.getByRole("link", { name: "Matching logic" }).click();
  await page.getByRole("link", { name: "Pendo" }).click();
  const accounts = page.getByRole("region", { name: "Accounts → Salesforce accounts" });
  const order = () => accounts.locator("li").evaluateAll((items) => items.map((li) => li.getAttribute("data-testid")));
  expect(await order()).toEqual(["criterion-salesforceId", "criterion-domain", "criterion-name", "criterion-recentUserDomain"]);
  await accounts.getByRole("button", { name: "Move Name up" }).click();
  await accounts.getByRole("button", { name: "Move Name up" }).click();
  expect(await order()).toEqual(["criterion-name", "criterion-salesforceId", "criterion-domain", "criterion-recentUserDomain"]);
  await accounts.getByRole("checkbox", { name: "Salesforce account ID" }).uncheck();

  const saved = Number(await page.getByTestId("accounts-matched-saved").textContent());
  expect(saved).toBeGreaterThan(0);
  await page.getByRole("button", { name: "Preview" }).click();
  const preview = page.getByTestId("preview");
  await expect(preview).toBeVisible();
  const proposed = Number(await page.getByTestId("accounts-matched-proposed").textContent());
  expect(proposed).toBeLessThan(saved);
  await expect(preview.getByTestId("changes-accounts-unlinked")).toBeVisible();

  // Saved at once; the worker re-matches and the page follows its run, then reads the counts again.
  let release = await holdRunReads(page);
  await page.getByRole("button", { name: "Save and re-match" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved. Re-matching…" })).toBeVisible();
  await release();
  await expect(page.getByRole("status").filter({ hasText: `Saved. Matching re-ran: ${proposed} accounts` })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole("status").filter({ hasText: "Re-matching…" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Open the run" })).toHaveAttribute("href", /^\/sync\/[A-Za-z0-9_-]+$/);
  await expect(page.getByTestId("accounts-matched-saved")).toHaveText(String(proposed));
  await page.reload();
  expect(await order()).toEqual(["criterion-name", "criterion-domain", "criterion-recentUserDomain", "criterion-salesforceId"]);
  await expect(accounts.getByRole("checkbox", { name: "Salesforce account ID" })).not.toBeChecked();

  // Exceptions: what could not be linked, with why, filtered to Pendo accounts.
  await page.goto("/exceptions");
  await expect(page.getByTestId("exception-row").first()).toBeVisible();
  const links = cli<{ system: string; object: string; recordId: string; salesforceId: string }[]>("links", "--integration", "pendo");
  const exceptions = cli<{ exceptions: { system: string; entity: string; kind: string; analyticsId: string }[] }>("exceptions");
  const linked = links.find((l) => l.object === "account")!;
  const unmatched = exceptions.exceptions.find((e) => e.system === "Pendo" && e.entity === "ACCOUNT" && e.kind === "UNMATCHED")!;
  expect(linked && unmatched).toBeTruthy();

  await page.getByLabel("Search").fill(unmatched.analyticsId);
  await page.getByRole("button", { name: "Apply" }).click();
  const row = page.getByTestId("exception-row").filter({ hasText: unmatched.analyticsId });
  await expect(row).toHaveCount(1);
  await row.getByText("Why").click();
  await expect(row).toContainText(/Name: found nothing|Name: skipped/);

  // A wrong ID is refused in words; the right one pins.
  await row.getByRole("button", { name: /^Pin / }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Salesforce account ID").fill("not-an-id");
  await dialog.getByRole("button", { name: "Pin", exact: true }).click();
  await expect(dialog.getByText(/not a Salesforce ID/)).toBeVisible();
  await dialog.getByLabel("Salesforce account ID").fill(linked.salesforceId);
  release = await holdRunReads(page);
  await dialog.getByRole("button", { name: "Pin", exact: true }).click();
  await expect(dialog).toBeHidden();
  // The pin is saved; the row says so until the worker has re-matched and the page has re-read its rows.
  await expect(row.getByText("Re-matching…")).toBeVisible();
  await expect(row.getByRole("button", { name: /^Pin / })).toBeDisabled();
  await release();
  await expect(page.getByText("Re-matching…")).toHaveCount(0, { timeout: 30_000 });
  // Pinned, the record is linked: no exception row for it any more (another row may mention it).
  const recordCells = (id: string) => page.locator('[data-testid="exception-row"] td:first-child').getByText(id, { exact: true });
  await expect(recordCells(unmatched.analyticsId)).toHaveCount(0);

  // The record the rules had linked there now yields to the pin and is listed as a duplicate.
  await page.getByLabel("Search").fill(linked.recordId);
  await page.getByRole("button", { name: "Apply" }).click();
  const displaced = page.getByTestId("exception-row").filter({ hasText: linked.recordId });
  await expect(displaced).toContainText("duplicate");
  await expect(displaced).toContainText(`pinned to ${unmatched.analyticsId}`);

  const pinned = cli<{ recordId: string; salesforceId: string; criterion: string }[]>("links", "--integration", "pendo").find((l) => l.recordId === unmatched.analyticsId);
  expect(pinned).toMatchObject({ salesforceId: linked.salesforceId, criterion: "Pinned by an admin" });
  await page.goto("/audit");
  await expect(page.getByRole("cell", { name: "matching.pin" }).first()).toBeVisible();
  await expect(page.getByRole("cell", { name: "matching.rules.save" }).first()).toBeVisible();
});
