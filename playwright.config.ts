import { defineConfig, devices } from "@playwright/test";
import { E2E_BASE_URL, E2E_EMULATOR_PORTS, E2E_ENV, E2E_PORT } from "./e2e/config";

// Real Chromium from Debian against a production build (`next build` runs before this in
// `npm run test:e2e`), with the worker process beside it.
const chromiumArgs = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  forbidOnly: true,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [["list"]],
  use: {
    baseURL: E2E_BASE_URL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: chromiumArgs },
      },
    },
  ],
  webServer: [
    {
      name: "emulators",
      command: `npx tsx emulators/index.ts --accounts 50 --sf-port ${E2E_EMULATOR_PORTS.salesforce} --pendo-port ${E2E_EMULATOR_PORTS.pendo} --px-port ${E2E_EMULATOR_PORTS.px}`,
      url: `http://127.0.0.1:${E2E_EMULATOR_PORTS.salesforce}/services/data/`,
      reuseExistingServer: false,
      timeout: 60_000,
      gracefulShutdown: { signal: "SIGTERM", timeout: 5000 },
    },
    {
      name: "web",
      command: `npx next start -p ${E2E_PORT}`,
      url: `${E2E_BASE_URL}/signin`,
      env: { ...E2E_ENV, NODE_ENV: "production" },
      reuseExistingServer: false,
      timeout: 120_000,
      gracefulShutdown: { signal: "SIGTERM", timeout: 5000 },
    },
    {
      name: "worker",
      command: "npx tsx workers/index.ts",
      wait: { stdout: /worker ready/ },
      env: E2E_ENV,
      reuseExistingServer: false,
      timeout: 60_000,
      gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
    },
  ],
});
