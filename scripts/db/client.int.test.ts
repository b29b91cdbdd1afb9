import { spawnSync } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { PrismaPg } from "@prisma/adapter-pg";
import { afterAll, describe, expect, inject, it } from "vitest";
import { createTestPrisma, truncateAll } from "@/lib/testing/database";
import { projectRoot, schemaPath } from "./config";

const databaseUrl = inject("databaseUrl");

describe("test database wiring", () => {
  it("reaches test files through process.env and inject()", () => {
    expect(databaseUrl).toMatch(/\/clearinghouse_test_\d+_[0-9a-f]+$/);
    expect(process.env.DATABASE_URL).toBe(databaseUrl);
    expect(process.env.QUEUE_PREFIX).toBe(inject("queuePrefix"));
    expect(process.env.QUEUE_PREFIX).toMatch(/^chtest-[0-9a-f]+$/);
  });
});

describe("generated Prisma client", () => {
  const tmp: string[] = [];
  afterAll(async () => {
    await Promise.all(tmp.map((d) => rm(d, { recursive: true, force: true })));
  });

  // Generates into a private folder (inside the project, so @prisma/client resolves) rather than
  // rewriting lib/generated/prisma under other processes that may be importing it right now.
  it("db:generate works offline and the client queries the migrated database", async () => {
    const dir = await mkdtemp(path.join(projectRoot, "node_modules/.cache-clearinghouse-generate-"));
    tmp.push(dir);
    const schema = (await readFile(schemaPath, "utf8")).replace(/output\s*=\s*"[^"]*"/, `output = "${path.join(dir, "client")}"`);
    await writeFile(path.join(dir, "schema.prisma"), schema);

    const r = spawnSync(process.execPath, ["--import", "tsx", "scripts/db/generate.ts", "--schema", path.join(dir, "schema.prisma")], {
      cwd: projectRoot,
      encoding: "utf8",
    });
    expect(r.stderr + r.stdout).toContain("Generated Prisma Client");
    expect(r.status).toBe(0);

    const { PrismaClient } = (await import(pathToFileURL(path.join(dir, "client/client.ts")).href)) as typeof import("@/lib/generated/prisma/client");
    const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) });
    try {
      // Other test files share this run's database, so probe with a row of our own rather than counts.
      const probe = await prisma.user.create({ data: { email: `generated-client-${Date.now()}@example.test` } });
      expect((await prisma.user.findUnique({ where: { id: probe.id } }))?.email).toBe(probe.email);
      await prisma.user.delete({ where: { id: probe.id } });
    } finally {
      await prisma.$disconnect();
    }
  });

  it("lib/generated/prisma (npm run db:generate) queries the migrated database", async () => {
    const { PrismaClient } = await import("@/lib/generated/prisma/client");
    const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) });
    try {
      const user = await prisma.user.create({ data: { email: "probe@example.test" } });
      expect(user.role).toBe("VIEWER");
      await prisma.user.delete({ where: { id: user.id } });
    } finally {
      await prisma.$disconnect();
    }
  });
});

describe("truncateAll", () => {
  it("empties the tables and keeps the migration history", async () => {
    const prisma = createTestPrisma();
    try {
      const user = await prisma.user.create({ data: { email: "t@example.test" } });
      await prisma.auditLog.create({ data: { action: "probe", targetType: "User", actorId: user.id } });
      await truncateAll(prisma);
      expect(await prisma.user.count()).toBe(0);
      expect(await prisma.auditLog.count()).toBe(0);
      const [{ n }] = await prisma.$queryRawUnsafe<[{ n: bigint }]>("SELECT count(*) AS n FROM _prisma_migrations");
      expect(Number(n)).toBeGreaterThan(0);
    } finally {
      await prisma.$disconnect();
    }
  });
});
