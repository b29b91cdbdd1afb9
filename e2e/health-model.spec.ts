import { expect, test } from "@playwright/test";
import { E2E_ADMIN } from "./config";
import { signInAs } from "./helpers";

// An admin reads the active health model in words, changes a weight, saves it as a new version
// (which does not score yet), and activates it.

test("an admin edits a weight, saves a new version and activates it", async ({ page }) => {
  await signInAs(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await page.goto("/health-model");
  await expect(page.getByRole("heading", { name: /^Version \d+: Seed 004 default/ })).toBeVisible();
  const npsRow = () => page.getByRole("row").filter({ hasText: "KPI NPS score (90 days)" });
  await expect(npsRow()).toContainText(/\d+%/);

  // A weight unlike the one in force (a re-run of this test finds its own last version active).
  const current = Number(await page.getByLabel("Weight of NPS").inputValue());
  const weight = current === 35 ? 45 : 35;
  const others = 20 + 30 + 20 + 15; // seed 004's other four measures
  await page.getByLabel("Weight of NPS").fill(String(weight));
  await page.getByLabel("What changed, and why").fill(`NPS weighs ${weight}`);
  await page.getByRole("button", { name: "Save as new version" }).click();
  await expect(page.getByText(/Saved as version \d+\. It does not score yet/)).toBeVisible();
  const saved = Number((await page.getByText(/Saved as version \d+/).textContent())!.match(/version (\d+)/)![1]);

  // A refused edit says what to fix and saves nothing.
  await page.getByLabel("Red below").fill("80");
  await page.getByRole("button", { name: "Save as new version" }).click();
  await expect(page.getByText(/must be above the red bound/).first()).toBeVisible();
  await page.getByLabel("Red below").fill("40");

  page.once("dialog", (dialog) => void dialog.accept());
  await page.getByRole("button", { name: `Activate version ${saved}` }).click();
  await expect(page.getByRole("heading", { name: new RegExp(`^Version ${saved}: Seed 004 default`) })).toBeVisible();
  await expect(npsRow()).toContainText(`${((weight / (weight + others)) * 100).toFixed(0)}%`);
  const listed = page.getByRole("listitem").filter({ hasText: new RegExp(`^Version ${saved} `) });
  await expect(listed).toContainText("Active");
  await expect(listed).toContainText(`NPS weighs ${weight}`);
});
