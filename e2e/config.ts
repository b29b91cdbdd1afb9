// One place for the end-to-end environment: its own database, queue prefix and port, so a
// running demo on :3000 and the test run never touch each other's data.
export const E2E_PORT = 3300;
export const E2E_BASE_URL = `http://localhost:${E2E_PORT}`;
export const E2E_ADMIN = { email: "admin@e2e.clearinghouse.local", password: "e2e-admin-password-1" };

export const E2E_EMULATOR_PORTS = { salesforce: 3111, pendo: 3112, px: 3113 };

export const E2E_ENV: Record<string, string> = {
  SALESFORCE_EMULATOR_URL: `http://127.0.0.1:${E2E_EMULATOR_PORTS.salesforce}`,
  PENDO_EMULATOR_URL: `http://127.0.0.1:${E2E_EMULATOR_PORTS.pendo}`,
  PX_EMULATOR_URL: `http://127.0.0.1:${E2E_EMULATOR_PORTS.px}/v1`,
  SECRETS_KEY: Buffer.alloc(32, "e2e-secrets-key").toString("base64"),
  DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/clearinghouse_e2e",
  REDIS_URL: "redis://127.0.0.1:6379",
  QUEUE_PREFIX: "clearinghouse-e2e",
  NEXTAUTH_URL: E2E_BASE_URL,
  NEXTAUTH_SECRET: "e2e-only-secret-e2e-only-secret-e2e-only",
  HEARTBEAT_INTERVAL_SECONDS: "2",
  DEMO_ADMIN_EMAIL: E2E_ADMIN.email,
  DEMO_ADMIN_PASSWORD: E2E_ADMIN.password,
  LOG_LEVEL: "info",
  NEXT_TELEMETRY_DISABLED: "1",
};
