/**
 * `npm run db:migrate:create -- --name <name>`: offline `prisma migrate dev --create-only`.
 * Writes prisma/migrations/<UTC timestamp>_<name>/migration.sql with the SQL that takes the existing
 * migrations to prisma/schema.prisma; writes nothing when they already agree. Does not apply it.
 */
import { mkdir, readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { Command } from "commander";
import { migrationsDir, projectRoot } from "./config";
import { runCli } from "./run-cli";
import { DbToolError } from "./postgres";
import { MIGRATION_LOCK_TOML, diffSchemaToMigrations } from "./schema-engine";

// Same shape as Prisma's: 14-digit UTC timestamp, underscore, snake_case name.
function slug(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, 200);
}

function timestamp(d: Date): string {
  return d.toISOString().replace(/\D/g, "").slice(0, 14);
}

// Migrations apply in name order; never let a new one sort before an existing one (clock skew, same second).
async function nextTimestamp(dir: string): Promise<string> {
  const latest = (await readdir(dir).catch(() => [] as string[])).filter((n) => /^\d{14}_/.test(n)).sort().at(-1);
  let ts = timestamp(new Date());
  if (latest && latest.slice(0, 14) >= ts) {
    const s = latest.slice(0, 14);
    const d = new Date(Date.UTC(+s.slice(0, 4), +s.slice(4, 6) - 1, +s.slice(6, 8), +s.slice(8, 10), +s.slice(10, 12), +s.slice(12, 14) + 1));
    ts = timestamp(d);
  }
  return ts;
}

export async function createMigration(name: string | undefined): Promise<string | undefined> {
  const sql = await diffSchemaToMigrations();
  if (!sql) {
    console.log("no changes: prisma/migrations already matches prisma/schema.prisma");
    return undefined;
  }
  const cleanName = name === undefined ? "" : slug(name);
  if (!cleanName) throw new DbToolError("schema.prisma has changes; pass a name: npm run db:migrate:create -- --name <what_changed>");
  const dirName = `${await nextTimestamp(migrationsDir)}_${cleanName}`;
  const dir = path.join(migrationsDir, dirName);
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, "migration.sql"), sql, "utf8");
  await writeFile(path.join(migrationsDir, "migration_lock.toml"), MIGRATION_LOCK_TOML, { encoding: "utf8", flag: "wx" }).catch(
    (err: NodeJS.ErrnoException) => {
      if (err.code !== "EEXIST") throw err;
    },
  );
  console.log(`wrote ${path.relative(projectRoot, path.join(dir, "migration.sql"))} — review it, then: npm run db:migrate`);
  return dirName;
}

runCli(import.meta.url, async (argv) => {
  const opts = new Command("db:migrate:create")
    .description("write a migration for the changes in prisma/schema.prisma (does not apply it)")
    .option("-n, --name <name>", "what the migration does, e.g. add_sync_runs")
    .parse(argv)
    .opts<{ name?: string }>();
  await createMigration(opts.name);
});
