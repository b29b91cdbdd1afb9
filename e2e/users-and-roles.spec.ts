import { expect, test } from "@playwright/test";
import { E2E_ADMIN } from "./config";
import { signIn, signInAs, signOut } from "./helpers";

test("a wrong password is refused with a sentence that says what to do", async ({ page }) => {
  await signIn(page, E2E_ADMIN.email, "not-the-password");
  await expect(page.getByRole("alert").filter({ hasText: "do not match" })).toBeVisible();
  await expect(page).toHaveURL(/\/signin/);
});

test("admin creates a CSM; the CSM sees the shell but is refused user management", async ({ page }) => {
  const csmEmail = `csm-${Date.now()}@e2e.clearinghouse.local`;

  // Admin: sign in, create a CSM with a one-time password, sign out.
  await signInAs(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await expect(page.getByRole("heading", { name: "Integrations" })).toBeVisible();
  await page.getByRole("link", { name: "Users" }).click();
  await page.getByRole("button", { name: "Add user" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Email").fill(csmEmail);
  await dialog.getByLabel("Role", { exact: true }).selectOption("CSM");
  await dialog.getByRole("button", { name: "Create user" }).click();
  const oneTimePassword = (await dialog.getByTestId("one-time-password").textContent())?.trim() ?? "";
  expect(oneTimePassword.length).toBeGreaterThanOrEqual(12);
  await page.getByRole("button", { name: "Done" }).click();
  await expect(page.getByTestId(`user-row-${csmEmail}`)).toContainText("Must set password");
  await signOut(page);

  // CSM: first sign-in forces a new password, then the shell without admin areas.
  await signInAs(page, csmEmail, oneTimePassword);
  await expect(page).toHaveURL(/\/account\/password/);
  await page.getByLabel("One-time password").fill(oneTimePassword);
  await page.getByLabel("New password").fill("csm-own-password-123");
  await page.getByRole("button", { name: "Save password" }).click();
  await expect(page.getByRole("heading", { name: "Integrations" })).toBeVisible();
  const nav = page.getByRole("navigation", { name: "Main" });
  for (const area of ["Integrations", "Sync history", "Accounts", "Health model", "Playbooks", "Exceptions"]) {
    await expect(nav.getByRole("link", { name: area })).toBeVisible();
  }
  await expect(nav.getByRole("link", { name: "Users" })).toHaveCount(0);

  // The page refuses with a 403 page...
  const response = await page.goto("/settings/users");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "You don't have access to this page" })).toBeVisible();

  // ...and the server refuses the create-user call made directly with the CSM's session.
  const direct = await page.request.post("/api/users", {
    data: { email: "sneaky@e2e.clearinghouse.local", role: "ADMIN" },
    headers: { "content-type": "application/json" },
  });
  expect(direct.status()).toBe(403);
  expect((await direct.json()).error.code).toBe("FORBIDDEN");
});

test("the status page shows a live worker heartbeat", async ({ page }) => {
  await signInAs(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await page.goto("/status");
  await expect(page.getByRole("heading", { name: "System status" })).toBeVisible();
  const beat = page.getByTestId("worker-beat").first();
  await expect(beat).toContainText("alive", { timeout: 30_000 });
  await expect(page.getByText("Redis at 127.0.0.1:6379 answers")).toBeVisible();
});
