import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import net from "node:net";
import { spawnSync } from "node:child_process";
import concurrently from "concurrently";

// `npm run demo`: everything a newcomer needs, in order, with a clear sentence when a step fails.
// 1. .env with a fresh session secret  2. Postgres and Redis answer  3. client, migrations, seed
// 4. production build  5. web + worker + emulators together; Ctrl-C stops them all.

const PORT = Number(process.env.PORT ?? 3000);

// Secrets the demo generates; an older .env without one of them gets it appended.
const GENERATED_SECRETS = ["NEXTAUTH_SECRET", "SECRETS_KEY"];

function ensureEnvFile() {
  let text = existsSync(".env") ? readFileSync(".env", "utf8") : readFileSync(".env.example", "utf8");
  const added: string[] = [];
  for (const name of GENERATED_SECRETS) {
    const value = randomBytes(32).toString("base64");
    const line = new RegExp(`^${name}=(.*)$`, "m").exec(text);
    if (line && line[1]!.trim() !== "") continue;
    text = line ? text.replace(line[0], `${name}=${value}`) : `${text.trimEnd()}\n${name}=${value}\n`;
    added.push(name);
  }
  if (added.length) {
    writeFileSync(".env", text);
    console.log(`Wrote ${added.join(" and ")} to .env`);
  }
}

function reachable(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: 2000 });
    socket.once("connect", () => {
      socket.end();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
    socket.once("timeout", () => {
      socket.destroy();
      resolve(false);
    });
  });
}

async function checkServices() {
  process.loadEnvFile(".env");
  const db = new URL(process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/clearinghouse");
  const redis = new URL(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
  const problems: string[] = [];
  if (!(await reachable(db.hostname, Number(db.port || 5432)))) {
    problems.push(
      `PostgreSQL is not answering at ${db.hostname}:${db.port || 5432}. Start it (e.g. pg_ctlcluster --skip-systemctl-redirect 15 main start) or set DATABASE_URL in .env.`,
    );
  }
  if (!(await reachable(redis.hostname, Number(redis.port || 6379)))) {
    problems.push(
      `Redis is not answering at ${redis.hostname}:${redis.port || 6379}. Start it there (redis-server --daemonize yes --port ${redis.port || 6379}) or set REDIS_URL in .env.`,
    );
  }
  if (await reachable("127.0.0.1", PORT)) {
    problems.push(`Port ${PORT} is already in use. Stop what runs there, or start the demo with PORT=3005 npm run demo.`);
  }
  if (problems.length) {
    for (const p of problems) console.error(`✗ ${p}`);
    process.exit(1);
  }
}

function step(label: string, command: string, args: string[]) {
  console.log(`\n▶ ${label}`);
  const result = spawnSync(command, args, { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  if (result.status !== 0) {
    console.error(`✗ ${label} failed (see above). Fix it and run npm run demo again.`);
    process.exit(result.status ?? 1);
  }
}

// Once the emulators answer, connect the three cards to them, as an admin would on first start.
async function connectDemoIntegrations() {
  for (let i = 0; i < 60; i++) {
    const up = await Promise.all([3101, 3102, 3103].map((port) => reachable("127.0.0.1", port)));
    if (up.every(Boolean)) break;
    await new Promise((r) => setTimeout(r, 1000));
  }
  const r = spawnSync("npm", ["run", "--silent", "cli", "--", "connect-demo"], { stdio: "inherit" });
  if (r.status !== 0) {
    console.error("✗ Could not connect the demo integrations; connect them on the Integrations page instead.");
    return;
  }
  // The demo org's contract fields feed core feature adoption and seat utilisation (KPI settings);
  // set before the first pull, so it reads them.
  for (const tool of ["pendo", "px"]) {
    const args = ["--integration", tool, "--seats-field", "Licensed_Seats__c", "--contracted-field", "Contracted_Features__c"];
    const kpis = spawnSync("npm", ["run", "--silent", "cli", "--", "kpi-settings", ...args], { stdio: "inherit" });
    if (kpis.status !== 0) console.error(`✗ Could not set the ${tool} KPI settings; choose the fields on Settings → KPI settings instead.`);
  }
  // Seed 003's public-sector accounts (Public_Sector__c, a checkbox: "true" as text) are kept to a
  // sharing group; the demo admin is its member, so the demo shows them every account.
  const admin = process.env.DEMO_ADMIN_EMAIL ?? "admin@clearinghouse.local";
  const sharing = [
    ["create", "Public sector", "--field", "Public_Sector__c", "--value", "true", "--description", "Public-sector accounts (seed 003): only the people in this group see them."],
    ["add-member", "Public sector", admin],
  ];
  for (const args of sharing) {
    const run = spawnSync("npm", ["run", "--silent", "cli", "--", "sharing-groups", ...args], { stdio: "inherit" });
    if (run.status !== 0) console.error("✗ Could not set up the Public sector sharing group; create it on Settings → Sharing groups.");
  }
  // First pull and matching, run by the worker, so Exceptions and Matching logic have data at once.
  const pull = spawnSync("npm", ["run", "--silent", "cli", "--", "pull"], { stdio: "inherit" });
  if (pull.status !== 0) console.error("✗ Could not queue the first pull; use Pull now on the Integrations page.");
}

async function main() {
  ensureEnvFile();
  await checkServices();
  step("Generating the database client", "npm", ["run", "--silent", "db:generate"]);
  step("Applying database migrations", "npm", ["run", "--silent", "db:migrate"]);
  step("Seeding the first admin", "npm", ["run", "--silent", "db:seed"]);
  if (process.env.DEMO_SKIP_BUILD !== "1") step("Building the console (production build)", "npx", ["next", "build"]);

  const commands = [
    { name: "web", command: `npx next start -p ${PORT}`, prefixColor: "blue" },
    { name: "worker", command: "npm run --silent worker", prefixColor: "magenta" },
  ];
  if (existsSync("emulators/index.ts")) commands.push({ name: "emulators", command: "npm run --silent emulators", prefixColor: "green" });

  const { result } = concurrently(commands, { killOthersOn: ["failure"], prefix: "name", restartTries: 0 });
  void (async () => {
    for (let i = 0; i < 120; i++) {
      if (await reachable("127.0.0.1", PORT)) {
        const email = process.env.DEMO_ADMIN_EMAIL ?? "admin@clearinghouse.local";
        const password = process.env.DEMO_ADMIN_PASSWORD ?? "clearinghouse-demo";
        if (existsSync("emulators/index.ts")) await connectDemoIntegrations();
        console.log(
          `\n  Clearinghouse is running: http://localhost:${PORT}\n  Sign in as ${email} / ${password}\n  Press Ctrl-C to stop everything.\n`,
        );
        return;
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
  })();
  await result.catch(() => undefined);
}

await main();
