/**
 * `npm run db:migrate`: offline `prisma migrate deploy`. Creates the database named in
 * DATABASE_URL if missing, then applies pending prisma/migrations/* and records them in
 * `_prisma_migrations`, exactly as the Prisma CLI would.
 * `npm run db:migrate -- --rolled-back <name>`: offline `prisma migrate resolve --rolled-back`.
 */
import { Command } from "commander";
import { databaseUrl, migrationsDir } from "./config";
import { DbToolError, assertReachable, databaseName, ensureDatabase } from "./postgres";
import { runCli } from "./run-cli";
import { applyMigrations, markMigrationRolledBack, readMigrations } from "./schema-engine";

export async function migrate(url = databaseUrl()): Promise<string[]> {
  await assertReachable(url);
  const name = databaseName(url);
  if (await ensureDatabase(url)) console.log(`created database ${name}`);
  const applied = await applyMigrations(url, migrationsDir).catch((err: unknown) => {
    const failed = err instanceof DbToolError ? /The `([^`]+)` migration started at/.exec(err.message)?.[1] : undefined;
    if (failed) err = new DbToolError(`${(err as Error).message}\nclean up by hand, then: npm run db:migrate -- --rolled-back ${failed}`);
    throw err;
  });
  if (applied.length === 0) {
    const total = (await readMigrations(migrationsDir)).migrationDirectories.length;
    console.log(`${name}: already up to date (${total} migration${total === 1 ? "" : "s"})`);
  } else {
    for (const m of applied) console.log(`${name}: applied ${m}`);
  }
  return applied;
}

runCli(import.meta.url, async (argv) => {
  const opts = new Command("db:migrate")
    .description("create the database if needed and apply pending prisma/migrations")
    .option("--rolled-back <migration>", "mark a failed migration as rolled back (after cleaning up by hand), then exit")
    .parse(argv)
    .opts<{ rolledBack?: string }>();
  if (opts.rolledBack) {
    const url = databaseUrl();
    await assertReachable(url);
    await markMigrationRolledBack(url, opts.rolledBack);
    console.log(`${databaseName(url)}: marked ${opts.rolledBack} as rolled back; fix the migration, then run npm run db:migrate`);
    return;
  }
  await migrate();
});
