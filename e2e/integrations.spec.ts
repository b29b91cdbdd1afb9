import { expect, test, type Page } from "@playwright/test";
import { E2E_ADMIN } from "./config";
import { signInAs } from "./helpers";

const card = (page: Page, system: "SALESFORCE" | "PENDO" | "PX") =>
  page.locator("section").filter({ has: page.getByTestId(`card-${system}`) });

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
