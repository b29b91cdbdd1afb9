import { Command, CommanderError } from "commander";
import { ZodError } from "zod";
import { isAppError, zodFields } from "@/lib/errors";

// Operators' command line: the same lib/ functions the console calls, never a second implementation.
// Imports are lazy so `--help` works even when the database is down.

type Out = { json: boolean };

function print(out: Out, value: unknown, human: () => string) {
  process.stdout.write(out.json ? `${JSON.stringify(value, null, 2)}\n` : `${human()}\n`);
}

async function shutdown() {
  const [{ db }, { closeProducers }] = await Promise.all([import("@/lib/db"), import("@/lib/queue/producer")]);
  await Promise.allSettled([db.$disconnect(), closeProducers()]);
}

const program = new Command("clearinghouse")
  .description("Clearinghouse command line (npm run cli -- <command>)")
  .option("--json", "machine-readable output")
  .exitOverride()
  .showHelpAfterError();

const out = (): Out => ({ json: Boolean(program.opts().json) });

program
  .command("status")
  .description("database, Redis, worker heartbeat and queue depths; exits 1 when something is down")
  .action(async () => {
    const { getSystemStatus } = await import("@/lib/system/status");
    const s = await getSystemStatus();
    print(out(), s, () =>
      [
        `database  ${s.database.status.padEnd(5)} ${s.database.message}`,
        `redis     ${s.redis.status.padEnd(5)} ${s.redis.message}`,
        `workers   ${s.workers.status.padEnd(5)} ${s.workers.message}`,
        ...s.queues.map((q) => `queue ${q.queue}: ${q.waiting} waiting, ${q.active} active, ${q.delayed} delayed, ${q.failed} failed`),
      ].join("\n"),
    );
    if ([s.database, s.redis, s.workers].some((c) => c.status === "down")) process.exitCode = 1;
  });

const users = program.command("users").description("manage console users");
users
  .command("create")
  .description("create a user with a one-time password (shown once)")
  .requiredOption("--email <email>", "their email address")
  .requiredOption("--role <role>", "ADMIN, OPS, CSM or VIEWER")
  .option("--name <name>", "display name")
  .action(async (o: { email: string; role: string; name?: string }) => {
    const { createUser } = await import("@/lib/users/manage-users");
    const result = await createUser({ email: o.email, role: o.role as never, name: o.name }, { actor: null, ip: "cli" });
    print(out(), result, () =>
      `Created ${result.user.email} (${result.user.role}).\nOne-time password: ${result.oneTimePassword}\nThey must change it at first sign-in.`,
    );
  });
users
  .command("list")
  .description("list users")
  .action(async () => {
    const { listUsers } = await import("@/lib/users/manage-users");
    const list = await listUsers();
    print(out(), list, () => list.map((u) => `${u.email.padEnd(36)} ${u.role.padEnd(7)} ${u.active ? "active" : "deactivated"}`).join("\n"));
  });

program
  .command("integrations")
  .description("list the integrations and their status (no secrets)")
  .action(async () => {
    const { listIntegrationCards } = await import("@/lib/integrations/list-integrations");
    const cards = await listIntegrationCards();
    print(out(), cards, () =>
      cards
        .map((c) => {
          const api = c.api ? `  API ${c.api.used}/${c.api.max}` : "";
          return `${c.title.padEnd(14)} ${c.status.padEnd(16)} ${c.environmentLabel ?? ""}${c.orgName ? `  ${c.orgName}` : ""}${api}`;
        })
        .join("\n"),
    );
  });

program
  .command("connect-demo")
  .description("connect Salesforce, Pendo and Gainsight PX to the local emulators with their demo credentials")
  .action(async () => {
    const { connectDemo } = await import("@/lib/integrations/connect-demo");
    const results = await connectDemo({ actor: null, ip: "cli" });
    print(out(), results, () => results.map((r) => `${r.ok ? "✓" : "✗"} ${r.system.padEnd(10)} ${r.message}`).join("\n"));
    if (results.some((r) => !r.ok)) process.exitCode = 1;
  });

program
  .command("rotate-secrets")
  .description("re-encrypt stored secrets under SECRETS_KEY (after moving the old key to SECRETS_KEY_PREVIOUS)")
  .action(async () => {
    const { rotateSecrets } = await import("@/lib/integrations/rotate-secrets");
    const r = await rotateSecrets({ actor: null, ip: "cli" });
    print(out(), r, () =>
      `Re-encrypted ${r.reencrypted} secret(s); ${r.remaining} still under an old key.${r.remaining === 0 ? " SECRETS_KEY_PREVIOUS can now be removed." : ""}`,
    );
    if (r.remaining > 0) process.exitCode = 1;
  });

const SYSTEMS = { salesforce: "SALESFORCE", pendo: "PENDO", px: "PX" } as const;

function systemOption(value: string | undefined) {
  if (value === undefined) return undefined;
  const system = SYSTEMS[value.toLowerCase() as keyof typeof SYSTEMS];
  if (!system) throw new CommanderError(2, "clearinghouse.badIntegration", `--integration must be salesforce, pendo or px, not "${value}"`);
  return system;
}

function describeStats(stats: Record<string, unknown>): string {
  return Object.entries(stats)
    .map(([object, s]) => {
      const o = s as Record<string, number>;
      const extra = [o.removed ? `${o.removed} removed` : "", o.deleted ? `${o.deleted} deleted` : "", o.merged ? `${o.merged} merged` : ""].filter(Boolean).join(", ");
      return `  ${object.padEnd(9)} ${o.read} read: ${o.created} new, ${o.updated} changed, ${o.unchanged} unchanged${extra ? `, ${extra}` : ""}`;
    })
    .join("\n");
}

function describeMatching(matching: unknown): string {
  return ((matching ?? []) as { integrationId: string; accounts: Record<string, number>; contacts: Record<string, number> }[])
    .map((m) => {
      const line = (c: Record<string, number>) => `${c.matched} linked, ${c.unmatched} unmatched, ${c.ambiguous} ambiguous, ${c.duplicate} duplicate, ${c.excluded} excluded`;
      return `  matching ${m.integrationId}: accounts ${line(m.accounts)}; users ${line(m.contacts)}`;
    })
    .join("\n");
}

program
  .command("pull")
  .description("pull Salesforce, Pendo and PX into the hub and re-run matching (queued for the worker unless --inline)")
  .option("--integration <system>", "only this one: salesforce, pendo or px")
  .option("--wait", "wait for the worker to finish and print what each pull did")
  .option("--inline", "run the pulls in this process instead of the worker")
  .action(async (o: { integration?: string; wait?: boolean; inline?: boolean }) => {
    const system = systemOption(o.integration);
    if (o.inline) {
      const { pullInline } = await import("@/lib/sync/pull/pull-from-cli");
      const summaries = await pullInline(system);
      print(out(), summaries, () =>
        summaries
          .map((s) => {
            const calls = Object.entries(s.apiCalls).map(([k, v]) => `${k} ×${v}`).join(", ");
            return `${s.system} ${s.mode} pull${s.resumed ? " (resumed)" : ""} in ${s.seconds.toFixed(1)} s, API calls: ${calls || "none"}\n${describeStats(s.stats)}\n${describeMatching(s.matching)}`;
          })
          .join("\n"),
      );
      return;
    }
    const { pullViaWorker } = await import("@/lib/sync/pull/pull-from-cli");
    const queued = await pullViaWorker(system, Boolean(o.wait));
    print(out(), queued, () =>
      queued
        .map((q) => {
          if (!o.wait) return `${q.system} pull queued (job ${q.jobId})`;
          if (q.error) return `${q.system} pull failed: ${q.error}`;
          const r = (q.result ?? {}) as { stats?: Record<string, unknown>; matching?: unknown };
          return `${q.system} pull done\n${describeStats(r.stats ?? {})}\n${describeMatching(r.matching)}`;
        })
        .join("\n"),
    );
    if (queued.some((q) => q.error)) process.exitCode = 1;
  });

program
  .command("links")
  .description("every link: system, object, record id → Salesforce id, and the criterion that made it")
  .option("--integration <system>", "only this one: pendo or px")
  .action(async (o: { integration?: string }) => {
    const system = systemOption(o.integration);
    const [{ allLinks }, { db }] = await Promise.all([import("@/lib/matching/list-matches"), import("@/lib/db")]);
    const integration = system ? await db.integration.findFirst({ where: { system } }) : null;
    const json = out().json;
    if (json) process.stdout.write("[");
    let n = 0;
    for await (const link of allLinks(integration?.id)) {
      if (json) process.stdout.write(`${n ? "," : ""}\n  ${JSON.stringify(link)}`);
      else process.stdout.write(`${link.system.padEnd(5)} ${link.object.padEnd(7)} ${link.recordId} → ${link.salesforceId}  (${link.criterion})\n`);
      n++;
    }
    if (json) process.stdout.write(`${n ? "\n" : ""}]\n`);
    else if (n === 0) process.stdout.write("No links yet. Run: npm run cli -- pull --inline\n");
  });

program
  .command("exceptions")
  .description("every unmatched, ambiguous, duplicate and excluded record with its reason, and retired Salesforce accounts")
  .option("--kind <kind>", "unmatched, ambiguous, duplicate or excluded")
  .action(async (o: { kind?: string }) => {
    const { allExceptions, exceptionFilterSchema, listRetiredAccounts } = await import("@/lib/matching/list-matches");
    const filter = exceptionFilterSchema.parse({ kind: o.kind?.toUpperCase() });
    const rows: import("@/lib/matching/list-matches").ExceptionRow[] = [];
    for await (const row of allExceptions(filter)) rows.push(row);
    const retired = await listRetiredAccounts();
    print(out(), { exceptions: rows, retiredSalesforceAccounts: retired }, () =>
      [
        ...rows.map((r) => `${r.kind.padEnd(9)} ${r.system.padEnd(12)} ${r.entity === "ACCOUNT" ? "account" : "user   "} ${r.analyticsId}${r.label ? ` (${r.label})` : ""}: ${r.reason}`),
        ...retired.map((a) => `${a.state.padEnd(9)} Salesforce   account ${a.id}${a.name ? ` (${a.name})` : ""}: ${a.reason}`),
        rows.length + retired.length === 0 ? "No exceptions." : `${rows.length} exception(s), ${retired.length} retired Salesforce account(s).`,
      ].join("\n"),
    );
  });

async function main() {
  try {
    await program.parseAsync(process.argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode;
      return;
    }
    const message = isAppError(error)
      ? error.message
      : error instanceof ZodError
        ? Object.entries(zodFields(error)).map(([k, v]) => `${k}: ${v}`).join("; ")
        : error instanceof Error && /ECONNREFUSED|connect/i.test(error.message)
          ? `Cannot reach a service: ${error.message}. Check that PostgreSQL and Redis are running (npm run cli -- status).`
          : error instanceof Error
            ? error.message
            : String(error);
    if (program.opts().json) process.stdout.write(`${JSON.stringify({ error: message })}\n`);
    else process.stderr.write(`error: ${message}\n`);
    process.exitCode = 1;
  } finally {
    await shutdown();
  }
}

await main();
