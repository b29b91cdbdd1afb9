/** Helpers for integration tests (the "integration" vitest project; see global-setup.ts). */
import { PrismaPg } from "@prisma/adapter-pg";
import { inject } from "vitest";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { TEST_DATABASE_PREFIX } from "@/scripts/db/config";

/** URL of this run's private database (created and migrated by global-setup.ts). */
export function testDatabaseUrl(): string {
  const url = inject("databaseUrl");
  if (!url) throw new Error("no test database: run this file in the vitest \"integration\" project");
  return url;
}

/** A client on the test database; call `$disconnect()` in afterAll. */
export function createTestPrisma(): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: testDatabaseUrl(), max: 4 }) });
}

type RawClient = Pick<PrismaClient, "$queryRawUnsafe" | "$executeRawUnsafe">;

/**
 * Empties every table except `_prisma_migrations`, resetting sequences. Refuses to run on a
 * database that global-setup did not create, so a misrouted DATABASE_URL cannot wipe real data.
 */
export async function truncateAll(prisma: RawClient): Promise<void> {
  const [{ db }] = await prisma.$queryRawUnsafe<[{ db: string }]>("SELECT current_database() AS db");
  if (!db.startsWith(TEST_DATABASE_PREFIX)) {
    throw new Error(`truncateAll refuses to empty ${db}: only ${TEST_DATABASE_PREFIX}* databases`);
  }
  const tables = await prisma.$queryRawUnsafe<{ name: string }[]>(
    `SELECT format('%I.%I', schemaname, tablename) AS name FROM pg_tables
      WHERE schemaname = current_schema() AND tablename <> '_prisma_migrations'`,
  );
  if (tables.length === 0) return;
  await prisma.$executeRawUnsafe(`TRUNCATE TABLE ${tables.map((t) => t.name).join(", ")} RESTART IDENTITY CASCADE`);
}
