import { existsSync } from "node:fs";
import { isIP } from "node:net";
import { z } from "zod";

// The one place that reads process.env. Next.js loads .env itself; the worker, the CLI and
// scripts run outside Next, so load it here too (existing variables always win).
if (typeof process.loadEnvFile === "function" && existsSync(".env")) {
  process.loadEnvFile(".env");
}

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();

/** "10.0.0.7", "10.0.0.0/8" or "fd00::/8": an IP address, optionally with a prefix length. */
function isAddressOrRange(entry: string): boolean {
  const [address = "", prefix, ...rest] = entry.split("/");
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

const addressList = z
  .string()
  .default("")
  .transform((value, ctx) => {
    const entries = value
      .split(",")
      .map((e) => e.trim())
      .filter(Boolean);
    for (const entry of entries) {
      if (!isAddressOrRange(entry)) {
        ctx.addIssue({ code: "custom", message: `"${entry}" is not an IP address or a range such as 10.0.0.0/8` });
      }
    }
    return entries;
  });

const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    NEXT_PHASE: z.string().optional(),
    DATABASE_URL: z.url().default("postgresql://postgres@127.0.0.1:5432/clearinghouse"),
    REDIS_URL: z.url().default("redis://127.0.0.1:6379"),
    QUEUE_PREFIX: z
      .string()
      .regex(/^[a-zA-Z0-9_-]+$/, "letters, digits, - and _ only")
      .default("clearinghouse"),
    NEXTAUTH_URL: z.url().default("http://localhost:3000"),
    NEXTAUTH_SECRET: optionalString,
    SESSION_MAX_AGE_HOURS: z.coerce.number().positive().max(24 * 30).default(8),
    LOGIN_MAX_FAILURES_PER_ACCOUNT: z.coerce.number().int().positive().default(5),
    LOGIN_MAX_FAILURES_PER_IP: z.coerce.number().int().positive().default(20),
    LOGIN_LOCKOUT_MINUTES: z.coerce.number().positive().default(15),
    // Reverse proxies (comma-separated IPs or CIDR ranges) whose X-Forwarded-For is believed.
    // Empty: the client address is the socket's, and the header is ignored (lib/auth/client-address.ts).
    TRUSTED_PROXIES: addressList,
    OIDC_ISSUER: optionalString.pipe(z.url().optional()),
    OIDC_CLIENT_ID: optionalString,
    OIDC_CLIENT_SECRET: optionalString,
    OIDC_DISPLAY_NAME: z.string().default("Single sign-on"),
    HEARTBEAT_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(3600).default(10),
    WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
    // How often each connected Pendo and PX integration's usage rollups and KPI snapshot are brought
    // up to date between Synchronizes (a Synchronize also does it; issue 12).
    USAGE_INTERVAL_MINUTES: z.coerce.number().int().min(5).max(10_080).default(60),
    // Days a run's per-record results and failed calls are kept; the run and its counts stay for good.
    // 0 keeps everything (the tables grow with every run: a Synchronize of 100,000 accounts adds as many rows).
    HISTORY_RETENTION_DAYS: z.coerce.number().int().min(0).max(3650).default(90),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    // Secrets at rest (Salesforce tokens, Pendo and PX keys) are sealed with AES-256-GCM under this
    // key: 32 random bytes, base64. Old keys stay readable while listed in SECRETS_KEY_PREVIOUS
    // (comma-separated) until `npm run cli -- rotate-secrets` has re-encrypted everything.
    SECRETS_KEY: optionalString,
    SECRETS_KEY_PREVIOUS: optionalString,
    // The Salesforce connected app Clearinghouse signs in with (OAuth web-server flow with PKCE).
    // The defaults are the local Salesforce emulator's demo app.
    SALESFORCE_CLIENT_ID: z.string().min(1).default("clearinghouse-demo"),
    SALESFORCE_CLIENT_SECRET: z.string().min(1).default("clearinghouse-demo-secret"),
    SALESFORCE_API_VERSION: z.string().regex(/^\d{2}\.0$/, "like 62.0").default("62.0"),
    // A push of more records than this goes through one Bulk API 2.0 ingest job, not sObject Collections.
    SALESFORCE_BULK_PUSH_THRESHOLD: z.coerce.number().int().min(1).default(2000),
    // Concurrent requests to one Salesforce org from every worker and process together: well under
    // Salesforce's 25 long-running requests per org (ConcurrentPerOrgLongTxn).
    SALESFORCE_ORG_CONCURRENCY: z.coerce.number().int().min(1).max(20).default(8),
    // Local emulators (npm run emulators). When set, the integration cards offer them as a choice.
    SALESFORCE_EMULATOR_URL: optionalString.pipe(z.url().optional()),
    PENDO_EMULATOR_URL: optionalString.pipe(z.url().optional()),
    PX_EMULATOR_URL: optionalString.pipe(z.url().optional()),
    DEMO_ADMIN_EMAIL: z.email().default("admin@clearinghouse.local"),
    DEMO_ADMIN_PASSWORD: z.string().min(12).default("clearinghouse-demo"),
  })
  .superRefine((env, ctx) => {
    // `next build` imports server modules with NODE_ENV=production but serves nothing, so the
    // secret is only demanded when the server actually runs.
    if (env.NODE_ENV === "production" && !env.NEXTAUTH_SECRET && env.NEXT_PHASE !== "phase-production-build") {
      ctx.addIssue({
        code: "custom",
        path: ["NEXTAUTH_SECRET"],
        message: "is required in production: set it in .env (npm run demo writes one for you)",
      });
    }
    if (env.NODE_ENV === "production" && !env.SECRETS_KEY && env.NEXT_PHASE !== "phase-production-build") {
      ctx.addIssue({
        code: "custom",
        path: ["SECRETS_KEY"],
        message: "is required in production: 32 random bytes, base64 (openssl rand -base64 32)",
      });
    }
    const oidc = [env.OIDC_ISSUER, env.OIDC_CLIENT_ID, env.OIDC_CLIENT_SECRET].filter(Boolean).length;
    if (oidc !== 0 && oidc !== 3) {
      ctx.addIssue({
        code: "custom",
        path: ["OIDC_ISSUER"],
        message: "single sign-on needs all of OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET",
      });
    }
  });

export type Env = z.infer<typeof envSchema>;

function loadEnv(): Env {
  const parsed = envSchema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Configuration is invalid (see .env.example):\n${lines.join("\n")}`);
  }
  return parsed.data;
}

export const env: Env = loadEnv();

/** Secret used to sign sessions; a fixed one outside production keeps `next dev` zero-config. */
export const sessionSecret = env.NEXTAUTH_SECRET ?? "clearinghouse-development-secret-not-for-production";

/** Outside production a fixed key keeps development zero-config; production refuses to start without one. */
export const DEVELOPMENT_SECRETS_KEY = Buffer.alloc(32, "clearinghouse-dev").toString("base64");

export const oidcEnabled = Boolean(env.OIDC_ISSUER && env.OIDC_CLIENT_ID && env.OIDC_CLIENT_SECRET);
