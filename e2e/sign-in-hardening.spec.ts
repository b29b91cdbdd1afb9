import { expect, test } from "@playwright/test";
import { E2E_ADMIN, E2E_BASE_URL, E2E_PORT } from "./config";
import { signIn, signOut } from "./helpers";

// Hardening, "Sign-in and sessions", checked against the production build in a real browser.

// Another origin that is still this machine: 127.0.0.1 is not the same origin as localhost.
const OTHER_ORIGIN_HOST = `127.0.0.1:${E2E_PORT}`;

for (const callbackUrl of [`//${OTHER_ORIGIN_HOST}/landed`, `/\\${OTHER_ORIGIN_HOST}/landed`]) {
  test(`after sign-in the form stays on this origin for callbackUrl=${callbackUrl}`, async ({ page }) => {
    await page.goto(`/signin?callbackUrl=${encodeURIComponent(callbackUrl)}`);
    await page.getByLabel("Email").fill(E2E_ADMIN.email);
    await page.getByLabel("Password").fill(E2E_ADMIN.password);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    const here = new URL(E2E_BASE_URL).host;
    await page.waitForURL((u) => u.host !== here || !u.pathname.startsWith("/signin"));
    expect(page.url()).toBe(`${E2E_BASE_URL}/`);
    await expect(page.getByRole("heading", { name: "Integrations" })).toBeVisible();
  });
}

test("a same-origin callbackUrl is still followed after sign-in", async ({ page }) => {
  await page.goto(`/signin?callbackUrl=${encodeURIComponent("/status")}`);
  await page.getByLabel("Email").fill(E2E_ADMIN.email);
  await page.getByLabel("Password").fill(E2E_ADMIN.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(`${E2E_BASE_URL}/status`);
});

test("a session cookie copied before sign-out no longer opens pages or the API", async ({ page, browser }) => {
  await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await expect(page.getByRole("heading", { name: "Integrations" })).toBeVisible();
  const copied = await page.context().cookies();
  expect(copied.some((c) => c.name.includes("session-token"))).toBe(true);
  await signOut(page);

  const thief = await browser.newContext({ baseURL: E2E_BASE_URL });
  try {
    await thief.addCookies(copied);
    const stolen = await thief.newPage();
    await stolen.goto("/integrations");
    await expect(stolen).toHaveURL(/\/signin/);
    const api = await thief.request.get("/api/users");
    expect(api.status()).toBe(401);
    const session = await thief.request.get("/api/auth/session");
    expect(await session.json()).toEqual({});
  } finally {
    await thief.close();
  }
});

test("the audit log records the socket address, not a spoofed X-Forwarded-For", async ({ page }) => {
  await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await expect(page.getByRole("heading", { name: "Integrations" })).toBeVisible();
  const email = `spoof-${Date.now()}@e2e.clearinghouse.local`;
  const created = await page.request.post("/api/users", {
    data: { email, role: "VIEWER" },
    headers: { "content-type": "application/json", "x-forwarded-for": "6.6.6.6" },
  });
  expect(created.status()).toBe(201);
  const userId = ((await created.json()) as { user: { id: string } }).user.id;
  const audit = await page.request.get("/api/audit?action=user.create&limit=200");
  const entries = ((await audit.json()) as { entries: { targetId: string; ip: string | null }[] }).entries;
  const entry = entries.find((e) => e.targetId === userId);
  expect(entry?.ip).toMatch(/^(127\.0\.0\.1|::1)$/);
});
