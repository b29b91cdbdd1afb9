import { expect, test, type Page } from "@playwright/test";
import { E2E_ADMIN } from "./config";
import { integrationCard as card, lastPullRunId, signInAs, waitForPullAfter, type System } from "./helpers";

const SYSTEMS: System[] = ["SALESFORCE", "PENDO", "PX"];

async function connectSalesforce(page: Page) {
  const sf = card(page, "SALESFORCE");
  await sf.getByRole("button", { name: /^(Connect|Reconnect)$/ }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByLabel("Salesforce environment")).toHaveValue("emulator");
  await dialog.getByRole("button", { name: "Continue to Salesforce" }).click();
  // The emulator's consent page, in the real browser, on another origin.
  await expect(page.getByRole("heading", { name: "Allow access?" })).toBeVisible();
  await page.getByRole("button", { name: "Approve" }).click();
  await expect(page).toHaveURL(/\/integrations$/);
  await expect(page.getByRole("status").filter({ hasText: "Salesforce is connected" })).toBeVisible();
}

test("an admin connects Salesforce, Pendo and PX, disconnects and reconnects", async ({ page }) => {
  await signInAs(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await page.goto("/integrations");

  await connectSalesforce(page);
  const sf = card(page, "SALESFORCE");
  await expect(sf.getByText("Connected", { exact: true })).toBeVisible();
  await expect(sf.getByRole("meter", { name: "Salesforce API requests used today" })).toBeVisible();
  await expect(sf.getByTestId("api-usage")).toContainText(/\d+ of [\d,]+/);

  // Pendo: a wrong key is refused in words, the right one connects.
  const pendo = card(page, "PENDO");
  await pendo.getByRole("button", { name: "Connect" }).click();
  let dialog = page.getByRole("dialog");
  await dialog.getByLabel("Region").selectOption("emulator");
  await dialog.getByLabel("Integration key").fill("not-a-real-pendo-key");
  await dialog.getByRole("button", { name: "Check and save" }).click();
  await expect(dialog.getByRole("alert").first()).toContainText(/Pendo/i);
  await dialog.getByLabel("Integration key").fill("demo-pendo-key");
  await dialog.getByRole("button", { name: "Check and save" }).click();
  await expect(pendo.getByText("Connected", { exact: true })).toBeVisible();

  const px = card(page, "PX");
  await px.getByRole("button", { name: "Connect" }).click();
  dialog = page.getByRole("dialog");
  await dialog.getByLabel("Data centre").selectOption("emulator");
  await dialog.getByLabel("API key").fill("demo-px-key");
  await dialog.getByRole("button", { name: "Check and save" }).click();
  await expect(px.getByText("Connected", { exact: true })).toBeVisible();

  // Disconnect states what stops, then the card says so; reconnecting brings it back.
  await sf.getByRole("button", { name: "Disconnect" }).click();
  dialog = page.getByRole("dialog");
  await expect(dialog).toContainText("revokes its token");
  await dialog.getByRole("button", { name: "Disconnect Salesforce" }).click();
  await expect(sf.getByText("Disconnected", { exact: true })).toBeVisible();

  await connectSalesforce(page);
  await expect(card(page, "SALESFORCE").getByText("Connected", { exact: true })).toBeVisible();
  await expect(card(page, "PENDO").getByText("Connected", { exact: true })).toBeVisible();
  await expect(card(page, "PX").getByText("Connected", { exact: true })).toBeVisible();
});

// Runs after the test above, with all three connected and never pulled.
test("an admin pulls all three at once, follows the runs to Sync history and a run page, and sets the first-pull window", async ({ page }) => {
  test.setTimeout(240_000);
  await signInAs(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await page.goto("/integrations");

  // Pull now on every card before waiting for any: the worker runs them side by side.
  const before = new Map<System, string | null>();
  for (const system of SYSTEMS) before.set(system, await lastPullRunId(page, system));
  for (const system of SYSTEMS) await card(page, system).getByRole("button", { name: "Pull now" }).click();

  const runs = new Map<System, string>();
  for (const system of SYSTEMS) {
    const { runId, status } = await waitForPullAfter(page, system, before.get(system) ?? null);
    expect(status, `${system} pull`).toBe("SUCCEEDED");
    runs.set(system, runId);
  }
  for (const system of SYSTEMS) {
    const c = card(page, system);
    await expect(c.getByText(/failed|partly done/i)).toHaveCount(0);
    await expect(c.getByText(/Pull queued/)).toHaveCount(0);
    await expect(c.getByRole("button", { name: "Pull now" })).toBeEnabled();
    await expect(c.getByTestId("last-pull")).toContainText(/\d+ accounts read/);
  }

  // Sync history lists the three runs, each linked to its page.
  await page.getByRole("link", { name: "Sync history" }).click();
  await expect(page).toHaveURL(/\/sync$/);
  for (const [system, runId] of runs) {
    const row = page.getByTestId("run-row").filter({ has: page.locator(`a[href="/sync/${runId}"]`) });
    await expect(row, `${system} run in Sync history`).toHaveCount(1);
    await expect(row).toContainText("Succeeded");
  }

  // The Salesforce card's "Last pull" opens its run page: the pull, then a match of each tool.
  await page.goto("/integrations");
  await card(page, "SALESFORCE").getByTestId("last-pull").getByRole("link").click();
  await expect(page).toHaveURL(new RegExp(`/sync/${runs.get("SALESFORCE")}$`));
  await expect(page.getByRole("heading", { name: "Salesforce pull" })).toBeVisible();
  const steps = page.getByTestId("run-step");
  await expect(steps).toHaveCount(3);
  await expect(steps.nth(0)).toContainText("Pull from Salesforce");
  await expect(steps.nth(0)).toContainText("Succeeded");
  await expect(page.getByRole("list", { name: "Steps" })).toContainText("Match Pendo to Salesforce");
  await expect(page.getByRole("list", { name: "Steps" })).toContainText("Match Gainsight PX to Salesforce");

  // The first-pull window: everything by default, six months, then back to everything.
  await page.goto("/integrations");
  const sf = card(page, "SALESFORCE");
  const firstPull = sf.getByTestId("first-pull");
  await expect(firstPull).toContainText("everything");
  await sf.getByRole("button", { name: "Change the first-pull window" }).click();
  let dialog = page.getByRole("dialog", { name: "First Salesforce pull" });
  await expect(dialog).toContainText("Only the first pull reads this far back");
  await expect(dialog.getByLabel("Everything (recommended)")).toBeChecked();
  await dialog.getByLabel("Only records changed in the last").check();
  await dialog.getByLabel("Number of months").fill("0");
  await expect(dialog.getByText("Give a whole number of months from 1 to 120.")).toBeVisible();
  await expect(dialog.getByRole("button", { name: "Save" })).toBeDisabled();
  await dialog.getByLabel("Number of months").fill("6");
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog).toBeHidden();
  await expect(firstPull).toContainText("last 6 months");
  await expect(sf.getByRole("status").filter({ hasText: "First pull window saved: last 6 months." })).toBeVisible();

  await page.reload();
  await expect(firstPull).toContainText("last 6 months");
  await sf.getByRole("button", { name: "Change the first-pull window" }).click();
  dialog = page.getByRole("dialog", { name: "First Salesforce pull" });
  await expect(dialog.getByLabel("Number of months")).toHaveValue("6");
  await dialog.getByLabel("Everything (recommended)").check();
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog).toBeHidden();
  await expect(firstPull).toContainText("everything");

  await page.goto("/audit");
  await expect(page.getByRole("cell", { name: "integration.first-pull-window.save" })).toHaveCount(2);
});
