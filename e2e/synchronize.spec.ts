import { execFileSync } from "node:child_process";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { E2E_ADMIN, E2E_EMULATOR_PORTS, E2E_ENV } from "./config";
import { integrationCard as card, lastSyncRunId, signInAs, waitForSyncAfter } from "./helpers";

// An admin clicks Synchronize on the PX card, watches its progress bar to the end, reads the run, and
// the Salesforce emulator, read through its own API, holds the PX ids and last-seen dates the push
// wrote. Then "Synchronize all" on the Salesforce card runs every tool's flow as one run.
// It must be the first spec to synchronize PX (specs run in file order, one worker): the workflow-*
// specs, which synchronize in their setup, are named to run after it.

const SALESFORCE = `http://127.0.0.1:${E2E_EMULATOR_PORTS.salesforce}`;

function cli(...args: string[]) {
  execFileSync("npx", ["tsx", "scripts/cli.ts", "--json", ...args], { env: { ...process.env, ...E2E_ENV }, encoding: "utf8" });
}

test.beforeAll(() => {
  test.setTimeout(240_000);
  cli("connect-demo");
});

/** Accounts whose PX_Last_Seen__c is set, read the way any API client would: a token, then SOQL. */
async function accountsWithLastSeen(request: APIRequestContext): Promise<number> {
  const token = await request.post(`${SALESFORCE}/services/oauth2/token`, {
    form: { grant_type: "password", client_id: "clearinghouse-demo", client_secret: "clearinghouse-demo-secret", username: "integration.user0@clearinghouse-demo.com", password: "x" },
  });
  expect(token.ok(), await token.text()).toBe(true);
  const { access_token: accessToken, instance_url: instanceUrl } = (await token.json()) as { access_token: string; instance_url?: string };
  const soql = encodeURIComponent("SELECT Id FROM Account WHERE PX_Last_Seen__c != null");
  const res = await request.get(`${instanceUrl ?? SALESFORCE}/services/data/v62.0/query?q=${soql}`, { headers: { authorization: `Bearer ${accessToken}` } });
  expect(res.ok(), await res.text()).toBe(true);
  return ((await res.json()) as { totalSize: number }).totalSize;
}

/** Emulator faults (see emulators/README.md): "" clears them. */
async function salesforceFaults(request: APIRequestContext, spec: string) {
  const res = await request.post(`${SALESFORCE}/__emulator/faults`, { data: { spec } });
  expect(res.ok(), await res.text()).toBe(true);
}

test("an admin synchronizes PX, watches its progress, and Salesforce shows the pushed PX_ fields", async ({ page, request }) => {
  test.setTimeout(180_000);
  const seenBefore = await accountsWithLastSeen(request);
  // Each write call takes a few seconds, so the run is long enough to watch.
  await salesforceFaults(request, "slow:path=/composite/sobjects,ms=2500");
  await signInAs(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await page.goto("/integrations");
  const px = card(page, "PX");
  const lastSync = px.getByTestId("last-sync");
  const before = await lastSyncRunId(page, "PX");

  await px.getByRole("button", { name: "Synchronize" }).click();
  const progress = px.getByRole("progressbar", { name: "Synchronize progress" });
  try {
    await expect(progress).toBeVisible({ timeout: 60_000 });
    await expect(progress).toHaveAttribute("aria-valuetext", /^Step \d+ of 9: /);
    await expect(px.getByRole("button", { name: "Synchronizing…" })).toBeDisabled();
  } finally {
    await salesforceFaults(request, "");
  }
  expect((await waitForSyncAfter(page, "PX", before)).status).toBe("SUCCEEDED");
  await expect(px.getByRole("button", { name: "Synchronize" })).toBeEnabled();
  await expect(progress).toHaveCount(0);
  await expect(lastSync).toContainText("written");

  await lastSync.getByRole("link").click();
  await expect(page.getByText("Push Gainsight PX fields into Salesforce")).toBeVisible();
  await expect(page.getByText("Write Salesforce fields back to Gainsight PX")).toBeVisible();

  const after = await accountsWithLastSeen(request);
  expect(after).toBeGreaterThan(seenBefore);
});

test("Synchronize all on the Salesforce card runs every tool's flow as one run", async ({ page }) => {
  test.setTimeout(180_000);
  await signInAs(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await page.goto("/integrations");
  const salesforce = card(page, "SALESFORCE");
  const lastSync = salesforce.getByTestId("last-sync");
  const before = await lastSyncRunId(page, "SALESFORCE");
  await salesforce.getByRole("button", { name: "Synchronize all" }).click();
  expect((await waitForSyncAfter(page, "SALESFORCE", before)).status).toBe("SUCCEEDED");
  await lastSync.getByRole("link").click();
  await expect(page.getByText("Write Salesforce fields back to Pendo")).toBeVisible();
  await expect(page.getByText("Write Salesforce fields back to Gainsight PX")).toBeVisible();
});
