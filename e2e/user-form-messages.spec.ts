import { expect, test } from "@playwright/test";
import { E2E_ADMIN } from "./config";
import { signInAs } from "./helpers";

// The add-user form says what is wrong and what to do, in words, under the field (issue
// "Hardening": it showed "Too big: expected string to have <=120 characters"). At phone width,
// where the dialog is narrowest.

test("the add-user form explains a bad email and a too-long name in words", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signInAs(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await page.goto("/settings/users");
  await page.getByRole("button", { name: "Add user" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Email").fill("jane");
  await dialog.getByLabel("Name (optional)").fill("J".repeat(121));
  await dialog.getByRole("button", { name: "Create user" }).click();

  await expect(dialog.getByText("Enter an email address such as jane@example.com")).toBeVisible();
  await expect(dialog.getByText(/Keep the name to 120 characters or fewer/)).toBeVisible();
  await expect(dialog).not.toContainText(/Too big|expected string|Invalid input/);
  await page.screenshot({ path: test.info().outputPath("add-user-errors-390.png") });
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);

  // Fixed, the same form creates the user.
  const email = `jane-${Date.now()}@e2e.clearinghouse.local`;
  await dialog.getByLabel("Email").fill(email);
  await dialog.getByLabel("Name (optional)").fill("Jane Doe");
  await dialog.getByRole("button", { name: "Create user" }).click();
  await expect(dialog.getByTestId("one-time-password")).toBeVisible();
});
