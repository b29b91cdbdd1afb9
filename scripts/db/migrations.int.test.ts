import { spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, inject, it, vi } from "vitest";
import { TEST_DATABASE_PREFIX, migrationsDir, projectRoot } from "./config";
import { migrate } from "./migrate";
import { dropDatabase, ensureDatabase, withDatabase } from "./postgres";
import { MIGRATION_LOCK_TOML, applyMigrations, diffSchemaToMigrations } from "./schema-engine";

const serverUrl = inject("databaseUrl");

function scratchDatabaseUrl(): string {
  // Test prefix + our pid: global-setup sweeps it up if this process dies before afterAll.
  return withDatabase(serverUrl, `${TEST_DATABASE_PREFIX}${process.pid}_${randomBytes(4).toString("hex")}`);
}

const scratch: string[] = [];
afterAll(async () => {
  await Promise.all(scratch.map((u) => dropDatabase(u)));
});

async function migrationRows(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(
      "SELECT id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count FROM _prisma_migrations ORDER BY started_at",
    );
    return rows;
  } finally {
    await client.end();
  }
}

describe("prisma/migrations", () => {
  it("matches prisma/schema.prisma (otherwise run: npm run db:migrate:create -- --name <change>)", async () => {
    const sql = await diffSchemaToMigrations({ databaseUrl: serverUrl });
    expect(sql, "schema.prisma has changes that no migration creates").toBe("");
  });

  it("has a migration_lock.toml for postgresql", async () => {
    expect(await readFile(path.join(migrationsDir, "migration_lock.toml"), "utf8")).toBe(MIGRATION_LOCK_TOML);
  });
});

describe("db:migrate", () => {
  it("creates the database, applies every migration once, then nothing", async () => {
    const url = scratchDatabaseUrl();
    scratch.push(url);
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    try {
      const expected = (await readdir(migrationsDir, { withFileTypes: true }))
        .filter((e) => e.isDirectory())
        .map((e) => e.name)
        .sort();
      expect(expected.length).toBeGreaterThan(0);

      expect(await migrate(url)).toEqual(expected);
      expect(await migrate(url)).toEqual([]);
      expect(log.mock.calls.map((c) => String(c[0]))).toContain(`${new URL(url).pathname.slice(1)}: already up to date (${expected.length} migration${expected.length === 1 ? "" : "s"})`);

      // The rows `prisma migrate deploy` writes, so the stock CLI can take over this database.
      const rows = await migrationRows(url);
      expect(rows.map((r) => r.migration_name)).toEqual(expected);
      for (const row of rows) {
        const sql = await readFile(path.join(migrationsDir, row.migration_name, "migration.sql"));
        expect(row.checksum).toBe(createHash("sha256").update(sql).digest("hex"));
        expect(row.id).toMatch(/^[0-9a-f-]{36}$/);
        expect(row.finished_at).toBeInstanceOf(Date);
        expect(row.finished_at.getTime()).toBeGreaterThanOrEqual(row.started_at.getTime());
        expect(row.rolled_back_at).toBeNull();
        expect(row.logs).toBeNull();
        expect(row.applied_steps_count).toBe(1);
      }
    } finally {
      log.mockRestore();
    }
  });

  it("fails with one line, no stack, when PostgreSQL is not answering", () => {
    const r = spawnSync(process.execPath, ["--import", "tsx", "scripts/db/migrate.ts"], {
      cwd: projectRoot,
      env: { ...process.env, DATABASE_URL: "postgresql://postgres@127.0.0.1:1/clearinghouse" },
      encoding: "utf8",
    });
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toMatch(/^error: PostgreSQL is not answering at 127\.0\.0\.1:1 — start it with: pg_ctlcluster \S+ main start$/);
  });
});

// Exercises the engine's catalog queries (enums, arrays, composite keys, FKs, m-n, defaults,
// native types) through the pg adapter — where `"char"` columns once broke the diff.
const KITCHEN_SINK = `
datasource db {
  provider = "postgresql"
}
enum Color {
  RED
  GREEN
}
model A {
  id      Int      @id @default(autoincrement())
  big     BigInt   @default(1)
  dec     Decimal  @db.Decimal(10, 2)
  bytes   Bytes?
  colors  Color[]
  tags    String[] @default([])
  json    Json     @default("{}")
  code    String   @db.VarChar(12)
  uuid    String   @default(uuid()) @db.Uuid
  at      DateTime @default(now()) @db.Timestamptz(3)
  bs      B[]
  cs      C[]
  @@unique([code, big])
  @@index([at(sort: Desc)])
}
model B {
  x   Int
  y   String
  aId Int
  a   A   @relation(fields: [aId], references: [id], onDelete: Cascade)
  @@id([x, y])
  @@map("b_table")
}
model C {
  id String @id @default(cuid())
  as A[]
}
`;

describe("diffSchemaToMigrations", () => {
  it("round-trips a feature-rich schema and sees later changes", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "ch-migrations-"));
    try {
      const schemaPath = path.join(dir, "schema.prisma");
      const migrations = path.join(dir, "migrations");
      await writeFile(schemaPath, KITCHEN_SINK);

      const init = await diffSchemaToMigrations({ databaseUrl: serverUrl, schemaPath, migrationsDir: migrations });
      expect(init).toContain('CREATE TABLE "b_table"');
      expect(init).toContain('CREATE TABLE "_AToC"');
      await mkdir(path.join(migrations, "20200101000000_init"), { recursive: true });
      await writeFile(path.join(migrations, "20200101000000_init", "migration.sql"), init);
      await writeFile(path.join(migrations, "migration_lock.toml"), MIGRATION_LOCK_TOML);

      expect(await diffSchemaToMigrations({ databaseUrl: serverUrl, schemaPath, migrationsDir: migrations })).toBe("");

      await writeFile(schemaPath, KITCHEN_SINK.replace("  bytes   Bytes?\n", "").replace("  GREEN\n", "  GREEN\n  BLUE\n"));
      const next = await diffSchemaToMigrations({ databaseUrl: serverUrl, schemaPath, migrationsDir: migrations });
      expect(next).toMatch(/ALTER TYPE "Color" ADD VALUE 'BLUE'/);
      expect(next).toMatch(/DROP COLUMN "bytes"/);

      // The same history applies cleanly to a real database.
      const url = scratchDatabaseUrl();
      scratch.push(url);
      await ensureDatabase(url);
      expect(await applyMigrations(url, migrations)).toEqual(["20200101000000_init"]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("leaves no shadow database behind", async () => {
    const admin = new pg.Client({ connectionString: withDatabase(serverUrl, "postgres") });
    await admin.connect();
    try {
      const { rows } = await admin.query("SELECT datname FROM pg_database WHERE datname LIKE $1", [`clearinghouse\\_shadow\\_${process.pid}\\_%`]);
      expect(rows).toEqual([]);
    } finally {
      await admin.end();
    }
  });
});
