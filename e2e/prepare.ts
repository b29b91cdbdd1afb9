import { spawnSync } from "node:child_process";
import pg from "pg";
import { E2E_ENV } from "./config";

// A fresh database for every end-to-end run: drop, migrate with the product's own tooling, seed.
const url = new URL(E2E_ENV.DATABASE_URL!);
const name = url.pathname.slice(1);
const admin = new pg.Client({ connectionString: `${url.protocol}//${url.username}@${url.host}/postgres` });
await admin.connect();
await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
await admin.end();

for (const script of ["db:migrate", "db:seed"]) {
  const r = spawnSync("npm", ["run", "--silent", script], { stdio: "inherit", env: { ...process.env, ...E2E_ENV } });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
