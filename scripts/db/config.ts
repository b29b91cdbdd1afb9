import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

// Tooling, not product code: reads DATABASE_URL / SHADOW_DATABASE_URL itself (lib/env.ts is for the app).
export const DEFAULT_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/clearinghouse";

/** Databases lib/testing/global-setup.ts creates per test run (and may drop). */
export const TEST_DATABASE_PREFIX = "clearinghouse_test_";

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const schemaPath = path.join(projectRoot, "prisma/schema.prisma");
export const migrationsDir = path.join(projectRoot, "prisma/migrations");

// Same rule as lib/env.ts so `db:migrate` targets the database the app uses: .env fills gaps only.
const dotenv = path.join(projectRoot, ".env");
if (existsSync(dotenv)) process.loadEnvFile(dotenv);

export function databaseUrl(): string {
  return process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
}

/** Optional: a dedicated, disposable database for diffing (wiped on every use). */
export function shadowDatabaseUrl(): string | undefined {
  return process.env.SHADOW_DATABASE_URL || undefined;
}
