import { execFileSync } from "node:child_process";
import { expect, test, type Page } from "@playwright/test";
import { E2E_ADMIN, E2E_ENV } from "./config";
import { signInAs } from "./helpers";

// What a new user met first (issue "Hardening", "Small things a new user met"): the browser's
// favicon request, the highlighted nav entry, and the console on a phone-sized screen.

const PHONE = { width: 390, height: 844 };
// The five a new user reported, then the rest of the console.
const PAGES = ["/integrations", "/sync", "/accounts", "/exceptions", "/settings/users", "/settings", "/settings/matching", "/health-model", "/playbooks", "/audit", "/status", "/account/password"];

function cli(...args: string[]) {
  execFileSync("npx", ["tsx", "scripts/cli.ts", "--json", ...args], { env: { ...process.env, ...E2E_ENV }, encoding: "utf8" });
}

/** How far the document is wider than the window: the page scrolls sideways when this is > 0. */
const sidewaysOverflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

// Connected and pulled, so the narrow pages are checked with their tables full (the other specs
// connect and pull the same demo systems; doing it again changes nothing they rely on).
test.beforeAll(() => {
  test.setTimeout(240_000);
  cli("connect-demo");
  cli("pull", "--wait");
});

test("the browser's /favicon.ico and the page's icon link both answer", async ({ page, request }) => {
  const favicon = await request.get("/favicon.ico");
  expect(favicon.status()).toBe(200);
  expect(favicon.headers()["content-type"]).toMatch(/^image\//);

  await page.goto("/signin");
  const icons = await page.locator('link[rel="icon"]').evaluateAll((links) => links.map((l) => l.getAttribute("href") ?? ""));
  expect(icons.length).toBeGreaterThan(0);
  for (const href of icons) expect((await request.get(href)).status(), href).toBe(200);
});

test("only the most specific nav entry is marked as the current page", async ({ page }) => {
  await signInAs(page, E2E_ADMIN.email, E2E_ADMIN.password);
  const nav = page.getByRole("navigation", { name: "Main" });
  const current = () => nav.locator('a[aria-current="page"]');

  await page.goto("/settings/users");
  await expect(current()).toHaveCount(1);
  await expect(current()).toHaveText("Users");

  await page.goto("/settings");
  await expect(current()).toHaveCount(1);
  await expect(current()).toHaveText("Settings");

  await page.goto("/settings/matching");
  await expect(current()).toHaveText("Settings");
});

test("on a 390 px screen the menu folds into a top bar and no page scrolls sideways", async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize(PHONE);
  await signInAs(page, E2E_ADMIN.email, E2E_ADMIN.password);

  for (const path of PAGES) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await page.waitForLoadState("networkidle");
    expect(await sidewaysOverflow(page), `${path} scrolls sideways at ${PHONE.width} px`).toBeLessThanOrEqual(0);
    await page.screenshot({ path: test.info().outputPath(`${path.slice(1).replace(/\//g, "-")}-390.png`), fullPage: true });
  }
  // One tool's matching criteria (drag handles, checkboxes, preview).
  await page.goto("/settings/matching");
  await page.getByRole("link", { name: "Pendo" }).click();
  await expect(page.getByRole("region", { name: "Accounts → Salesforce accounts" })).toBeVisible();
  expect(await sidewaysOverflow(page), "the matching criteria scroll sideways").toBeLessThanOrEqual(0);
  await page.screenshot({ path: test.info().outputPath("settings-matching-pendo-390.png"), fullPage: true });
  // A run's page, with its steps and per-record results.
  await page.goto("/sync");
  await page.locator('a[href^="/sync/"]').first().click();
  await expect(page).toHaveURL(/\/sync\/[^/]+$/);
  await page.waitForLoadState("networkidle");
  expect(await sidewaysOverflow(page), "a run page scrolls sideways").toBeLessThanOrEqual(0);
  await page.screenshot({ path: test.info().outputPath("sync-run-390.png"), fullPage: true });

  // The nav is folded away behind a menu button; opening it shows the links, following one closes it.
  const menu = page.getByRole("button", { name: "Menu" });
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await expect(nav).toBeHidden();
  await menu.click();
  await expect(menu).toHaveAttribute("aria-expanded", "true");
  await expect(nav.getByRole("link", { name: "Exceptions" })).toBeVisible();
  await page.screenshot({ path: test.info().outputPath("menu-open-390.png") });
  expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
  await nav.getByRole("link", { name: "Exceptions" }).click();
  await expect(page).toHaveURL(/\/exceptions$/);
  await expect(nav).toBeHidden();
  await expect(menu).toHaveAttribute("aria-expanded", "false");
});

test("on a desktop screen the sidebar stays open with no menu button", async ({ page }) => {
  await signInAs(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await page.goto("/integrations");
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Integrations" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Menu" })).toBeHidden();
});
