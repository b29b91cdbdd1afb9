import { execFileSync } from "node:child_process";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { E2E_ADMIN, E2E_EMULATOR_PORTS, E2E_ENV } from "./config";
import { integrationCard as card, signInAs } from "./helpers";

// An admin clicks Synchronize on the PX card, watches it finish, reads the run, and the Salesforce
// emulator, read through its own API, holds the PX ids and last-seen dates the push wrote.

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

test("an admin synchronizes PX and Salesforce shows the pushed PX_ fields", async ({ page, request }) => {
  test.setTimeout(180_000);
  const seenBefore = await accountsWithLastSeen(request);
  await signInAs(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await page.goto("/integrations");
  const px = card(page, "PX");
  const lastSync = px.getByTestId("last-sync");
  const before = (await lastSync.count()) ? await lastSync.getAttribute("data-run-id") : null;

  await px.getByRole("button", { name: "Synchronize" }).click();
  await expect
    .poll(
      async () => {
        if (!(await lastSync.count())) return "none yet";
        if ((await lastSync.getAttribute("data-run-id")) === before) return "previous";
        return lastSync.getAttribute("data-status");
      },
      { timeout: 150_000, message: "the sync did not finish" },
    )
    .toBe("SUCCEEDED");
  await expect(px.getByRole("button", { name: "Synchronize" })).toBeEnabled();

  await lastSync.getByRole("link").click();
  await expect(page.getByText("Push Gainsight PX fields into Salesforce")).toBeVisible();

  const after = await accountsWithLastSeen(request);
  expect(after).toBeGreaterThan(seenBefore);
});
