import { expect, type Page } from "@playwright/test";

export async function signIn(page: Page, email: string, password: string) {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

/** Signs in and waits until the console (or the forced password page) has loaded. */
export async function signInAs(page: Page, email: string, password: string) {
  await signIn(page, email, password);
  await expect(page).not.toHaveURL(/\/signin/);
}

export async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin/);
}

export type System = "SALESFORCE" | "PENDO" | "PX";

/** One integration card on /integrations. */
export const integrationCard = (page: Page, system: System) => page.locator("section").filter({ has: page.getByTestId(`card-${system}`) });

/** The run the card's "Last pull" links to, or null before the first pull. */
export async function lastPullRunId(page: Page, system: System): Promise<string | null> {
  const link = integrationCard(page, system).getByTestId("last-pull");
  return (await link.count()) ? link.getAttribute("data-run-id") : null;
}

/**
 * Waits until the card's last pull (or, with `line: "last-sync"`, its last sync) is a run other
 * than `before` and has finished (the board refreshes itself meanwhile), then returns that run's
 * id and status.
 */
export async function waitForPullAfter(page: Page, system: System, before: string | null, timeout = 120_000, line: "last-pull" | "last-sync" = "last-pull"): Promise<{ runId: string; status: string }> {
  const link = integrationCard(page, system).getByTestId(line);
  const what = line === "last-pull" ? "pull" : "sync";
  let last = { runId: "", status: "" };
  await expect
    .poll(
      async () => {
        if (!(await link.count())) return "none yet";
        last = { runId: (await link.getAttribute("data-run-id")) ?? "", status: (await link.getAttribute("data-status")) ?? "" };
        if (last.runId === before) return "still the previous run";
        return last.status;
      },
      { timeout, message: `${system} ${what} did not finish` },
    )
    .not.toMatch(/^(none yet|still the previous run|QUEUED|RUNNING)$/);
  return last;
}

/** The run the card's "Last sync" links to, or null before the first sync. */
export async function lastSyncRunId(page: Page, system: System): Promise<string | null> {
  const link = integrationCard(page, system).getByTestId("last-sync");
  return (await link.count()) ? link.getAttribute("data-run-id") : null;
}

/** Waits for the card's newest Synchronize after `before` to finish; returns its id and status. */
export const waitForSyncAfter = (page: Page, system: System, before: string | null, timeout = 150_000) => waitForPullAfter(page, system, before, timeout, "last-sync");

/**
 * Holds the page's reads of GET /api/runs/{id} until `release()`, so a test can see what the page
 * says while a run is in progress even when the worker finishes before the assertion looks.
 * Release removes every route of the page (the specs set no others).
 */
export async function holdRunReads(page: Page): Promise<() => Promise<void>> {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const matcher = (url: URL) => url.pathname.startsWith("/api/runs/");
  await page.route(matcher, async (route) => {
    await gate;
    await route.continue();
  });
  return async () => {
    open();
    // "wait": let a held read go on to the server before the route is removed (else it is handled twice).
    await page.unrouteAll({ behavior: "wait" });
  };
}
