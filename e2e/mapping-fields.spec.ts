import { execFileSync } from "node:child_process";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { PREFIX_RULE } from "../lib/mapping/prefix-rule";
import { E2E_ADMIN, E2E_EMULATOR_PORTS, E2E_ENV } from "./config";
import { integrationCard as card, lastSyncRunId, signInAs, waitForSyncAfter } from "./helpers";

// An admin opens Map fields from the PX card, adds a push of a PX account attribute into a PX_
// field, is refused a Salesforce-owned field with PX's rule quoted (by the page and by the API),
// saves, synchronizes, and the Salesforce emulator, read through its own API, holds the values.
// Spec files run one at a time in name order on one hub: this one connects through the CLI, so it is
// named to run after integrations.spec.ts, which connects a clean hub through the pages.

const SALESFORCE = `http://127.0.0.1:${E2E_EMULATOR_PORTS.salesforce}`;

function cli(...args: string[]) {
  execFileSync("npx", ["tsx", "scripts/cli.ts", "--json", ...args], { env: { ...process.env, ...E2E_ENV }, encoding: "utf8" });
}

test.beforeAll(() => {
  test.setTimeout(300_000);
  cli("connect-demo");
  // The pickers read the caches a pull fills: Salesforce's describe and PX's attribute schema.
  cli("pull", "--integration", "salesforce", "--wait");
  cli("pull", "--integration", "px", "--wait");
});

/** Salesforce accounts with PX_Active_Users_90d__c set, read the way any API client would: a token, then SOQL. */
async function accountsWithPushedValue(request: APIRequestContext): Promise<{ NumberOfEmployees: number | null; PX_Active_Users_90d__c: number }[]> {
  const token = await request.post(`${SALESFORCE}/services/oauth2/token`, {
    form: { grant_type: "password", client_id: "clearinghouse-demo", client_secret: "clearinghouse-demo-secret", username: "integration.user0@clearinghouse-demo.com", password: "x" },
  });
  expect(token.ok(), await token.text()).toBe(true);
  const { access_token: accessToken, instance_url: instanceUrl } = (await token.json()) as { access_token: string; instance_url?: string };
  const soql = encodeURIComponent("SELECT Id, NumberOfEmployees, PX_Active_Users_90d__c FROM Account WHERE PX_Active_Users_90d__c != null");
  const res = await request.get(`${instanceUrl ?? SALESFORCE}/services/data/v62.0/query?q=${soql}`, { headers: { authorization: `Bearer ${accessToken}` } });
  expect(res.ok(), await res.text()).toBe(true);
  return ((await res.json()) as { records: { NumberOfEmployees: number | null; PX_Active_Users_90d__c: number }[] }).records;
}

test("an admin maps a PX attribute to a PX_ field, is refused a Salesforce field, saves, synchronizes and Salesforce holds the value", async ({ page, request }) => {
  test.setTimeout(240_000);
  expect(await accountsWithPushedValue(request)).toEqual([]);
  await signInAs(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await page.goto("/integrations");
  await card(page, "PX").getByRole("link", { name: "Map fields" }).click();
  await expect(page).toHaveURL(/\/settings\/mapping\?integration=/);
  const integrationId = new URL(page.url()).searchParams.get("integration")!;
  await expect(page.getByRole("heading", { name: "Field mappings" })).toBeVisible();

  const accounts = page.getByRole("region", { name: "Accounts" });
  await accounts.getByRole("tab", { name: /Pushed to Salesforce/ }).click();
  const pushes = accounts.getByRole("tabpanel");
  // The defaults push PX ids and last seen. This test leaves PX_Last_Seen__c unwritten: the
  // Synchronize spec, which runs after it on the same emulator, counts the accounts it fills.
  const lastSeen = pushes.getByRole("group").filter({ hasText: "PX_Last_Seen__c" });
  await expect(lastSeen).toHaveCount(1);
  await lastSeen.getByRole("button", { name: /^Remove/ }).click();

  await pushes.getByRole("button", { name: "Add mapping" }).click();
  const row = pushes.getByRole("group").last();
  await row.getByRole("combobox", { name: "Gainsight PX attribute" }).fill("Number of Employees");
  await row.getByRole("option", { name: /numberOfEmployees/ }).click();

  // A Salesforce-owned field: refused on the row at once, with PX's rule quoted.
  await row.getByRole("combobox", { name: "Salesforce field" }).fill("AnnualRevenue");
  await row.getByRole("option", { name: /AnnualRevenue/ }).click();
  await expect(row.getByTestId("row-problems")).toContainText(PREFIX_RULE.px);
  await expect(page.getByTestId("unsaved")).toBeVisible();
  await page.getByRole("button", { name: "Save mappings" }).click();
  const refusal = page.getByRole("alert").filter({ hasText: "Not saved." });
  await expect(refusal).toContainText("(numberOfEmployees → AnnualRevenue)");
  await expect(refusal).toContainText(PREFIX_RULE.px);

  // The API refuses the same row on its own, whatever a page sends.
  const direct = await page.request.put(`/api/mappings/${integrationId}`, {
    data: { mappings: [{ entity: "account", direction: "push-to-salesforce", source: { kind: "field", field: "numberOfEmployees" }, targetField: "AnnualRevenue", writeMode: "always" }] },
  });
  expect(direct.status()).toBe(422);
  expect(((await direct.json()) as { error: { message: string } }).error.message).toContain(PREFIX_RULE.px);

  // A PX_ field of the same kind (a number) is accepted.
  await row.getByRole("combobox", { name: "Salesforce field" }).fill("PX_Active_Users_90d");
  await row.getByRole("option", { name: /PX_Active_Users_90d__c/ }).click();
  await expect(row.getByTestId("row-problems")).toHaveCount(0);
  await page.getByRole("button", { name: "Save mappings" }).click();
  await expect(page.getByRole("status").filter({ hasText: /^Saved: \d+ mappings? for Gainsight PX/ })).toBeVisible();
  await expect(page.getByTestId("unsaved")).toHaveCount(0);

  // Synchronize from the PX card, and wait for the run to finish.
  await page.getByRole("navigation").getByRole("link", { name: "Integrations", exact: true }).click();
  const px = card(page, "PX");
  const before = await lastSyncRunId(page, "PX");
  await px.getByRole("button", { name: "Synchronize" }).click();
  expect((await waitForSyncAfter(page, "PX", before)).status).toBe("SUCCEEDED");

  // Salesforce now holds each linked account's PX employee count in the mapped PX_ field.
  const pushed = await accountsWithPushedValue(request);
  expect(pushed.length).toBeGreaterThan(0);
  for (const account of pushed) expect(account.PX_Active_Users_90d__c).toBe(account.NumberOfEmployees);

  // Back to the defaults, for whoever synchronizes next.
  await px.getByRole("link", { name: "Map fields" }).click();
  await page.getByRole("button", { name: "Restore defaults" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Restore defaults" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Defaults restored" })).toBeVisible();
  await expect(page.getByText("Defaults: nobody has saved mappings yet")).toBeVisible();
});
