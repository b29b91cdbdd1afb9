import { Command, CommanderError, InvalidArgumentError } from "commander";
import { ZodError } from "zod";
import { isAppError, zodFields } from "@/lib/errors";
import { registerConfigCommands } from "./cli-config";
import { registerKpiCommands } from "./cli-kpis";
import { registerHealthCommands } from "./cli-health";
import { registerScheduleCommands } from "./cli-schedules";
import { registerRetryCommands } from "./cli-retry";
import { registerCsmCommands } from "./cli-csm";
import { registerSharingCommands } from "./cli-sharing";

// Operators' command line: the same lib/ functions the console calls, never a second implementation.
// Imports are lazy so `--help` works even when the database is down.

type Out = { json: boolean };

// `… | head` closes the pipe before we are done writing: stop quietly with success, as Unix tools do,
// instead of dying on EPIPE with a stack trace.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(0);
  process.stderr.write(`error: cannot write the output: ${error.message}\n`);
  process.exit(1);
});

/** JSON.stringify that writes BigInt ids (SyncRecordResult.id) as strings instead of throwing. */
const toJson = (value: unknown, indent?: number) => JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? v.toString() : v), indent);

function print(out: Out, value: unknown, human: () => string) {
  process.stdout.write(out.json ? `${toJson(value, 2)}\n` : `${human()}\n`);
}

/** Writes and waits while the pipe is full, so a long listing streams instead of piling up in memory. */
async function write(text: string): Promise<void> {
  if (!process.stdout.write(text)) await new Promise<void>((resolve) => process.stdout.once("drain", resolve));
}

async function shutdown() {
  const [{ db }, { closeProducers }] = await Promise.all([import("@/lib/db"), import("@/lib/queue/producer")]);
  await Promise.allSettled([db.$disconnect(), closeProducers()]);
}

const program = new Command("clearinghouse")
  .description(
    "Clearinghouse command line: npm run -s cli -- <command> (-s keeps npm's \"> clearinghouse@… cli\" banner off stdout, so --json output stays valid JSON)",
  )
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

function waitMinutes(value: string): number {
  const minutes = Number(value);
  if (!(minutes > 0 && minutes <= 24 * 60)) throw new InvalidArgumentError("give a number of minutes above 0, at most 1440.");
  return minutes;
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
  .option("--wait", "wait for the worker to finish (at most --timeout minutes) and print what each pull did")
  .option("--inline", "run the pulls in this process instead of the worker")
  .option("--timeout <minutes>", "with --wait, stop waiting after this many minutes in all (the pulls carry on in the worker)", waitMinutes, 30)
  .action(async (o: { integration?: string; wait?: boolean; inline?: boolean; timeout: number }) => {
    const system = systemOption(o.integration);
    if (o.inline) {
      const { pullInline } = await import("@/lib/sync/pull/pull-from-cli");
      const summaries = await pullInline(system);
      print(out(), summaries, () =>
        summaries
          .map((s) => {
            // A pull that could not start (e.g. a refused key) has no run to describe.
            if (!("runId" in s)) return `${s.system} pull failed: ${s.error}`;
            const calls = Object.entries(s.apiCalls).map(([k, v]) => `${k} ×${v}`).join(", ");
            return `${s.system} ${s.mode} pull${s.resumed ? " (resumed)" : ""} in ${s.seconds.toFixed(1)} s, API calls: ${calls || "none"} (run ${s.runId})\n${describeStats(s.stats)}\n${describeMatching(s.matching)}`;
          })
          .join("\n"),
      );
      if (summaries.some((s) => s.status === "FAILED")) process.exitCode = 1;
      return;
    }
    const { pullViaWorker } = await import("@/lib/sync/pull/pull-from-cli");
    const queued = await pullViaWorker(system, Boolean(o.wait), o.timeout);
    print(out(), queued, () =>
      queued
        .map((q) => {
          if (!o.wait) return `${q.system} pull queued (job ${q.jobId})`;
          if (q.gaveUp) return `${q.system} pull ${q.gaveUp}`;
          if (q.error) return `${q.system} pull failed: ${q.error}`;
          const r = (q.result ?? {}) as { stats?: Record<string, unknown>; matching?: unknown };
          return `${q.system} pull done\n${describeStats(r.stats ?? {})}\n${describeMatching(r.matching)}`;
        })
        .join("\n"),
    );
    if (queued.some((q) => q.error || q.gaveUp)) process.exitCode = 1;
  });

program
  .command("sync")
  .description("synchronize: pull Salesforce and the tools, match, push mapped fields both ways (every tool in one run, or --integration pendo|px); queued for the worker unless --inline")
  .option("--integration <system>", "only this tool: pendo or px (salesforce, or no option: every connected tool)")
  .option("--wait", "wait for the worker to finish (at most --timeout minutes) and print the run")
  .option("--inline", "run the sync in this process instead of the worker")
  .option("--timeout <minutes>", "with --wait, stop waiting after this many minutes (the sync carries on in the worker)", waitMinutes, 30)
  .option("--dry-run", "preview in this process: what the sync would write, per object, with API calls against the allowance; writes nothing")
  .action(async (o: { integration?: string; inline?: boolean; wait?: boolean; timeout: number; dryRun?: boolean }) => {
    const system = systemOption(o.integration);
    const tool = system === "SALESFORCE" ? undefined : system;
    if (o.dryRun) {
      const [{ previewInline }, { previewText }] = await Promise.all([import("@/lib/sync/preview/preview-from-cli"), import("@/lib/sync/preview/preview-text")]);
      const result = await previewInline(tool);
      print(out(), result, () => previewText(result));
      if (result.status !== "SUCCEEDED") process.exitCode = 1;
      return;
    }
    if (o.inline) {
      const { syncInline } = await import("@/lib/sync/push/run-sync");
      const { getRunDetail } = await import("@/lib/sync/history/run-detail");
      const { runDetailText } = await import("@/lib/sync/history/run-text");
      const results = await syncInline(tool);
      const runs = await Promise.all(results.map((r) => getRunDetail(r.runId)));
      print(out(), results, () => runs.map((r) => (r ? runDetailText(r) : "")).join("\n"));
      if (results.some((r) => r.status !== "SUCCEEDED")) process.exitCode = 1;
      return;
    }
    const { syncViaWorker } = await import("@/lib/sync/synchronize/sync-from-cli");
    const { runDetailText } = await import("@/lib/sync/history/run-text");
    const result = await syncViaWorker(tool, Boolean(o.wait), o.timeout);
    print(out(), result, () => {
      if (!o.wait) return `sync ${result.started ? "queued" : "already queued or running"} (run ${result.runId}); follow it with: npm run -s cli -- runs show ${result.runId}`;
      return [result.run ? runDetailText(result.run) : "", result.gaveUp ?? ""].filter(Boolean).join("\n");
    });
    if (result.gaveUp || (result.run && result.run.status !== "SUCCEEDED")) process.exitCode = 1;
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
    else if (n === 0) process.stdout.write("No links yet. Run: npm run -s cli -- pull --inline\n");
  });

program
  .command("exceptions")
  .description("every unmatched, ambiguous, duplicate and excluded record with its reason, and retired Salesforce accounts")
  .option("--kind <kind>", "unmatched, ambiguous, duplicate or excluded")
  .action(async (o: { kind?: string }) => {
    const { allExceptions, exceptionFilterSchema, listRetiredAccounts } = await import("@/lib/matching/list-matches");
    const { OPERATOR } = await import("@/lib/auth/data-scope");
    const filter = exceptionFilterSchema.parse({ kind: o.kind?.toUpperCase() });
    const rows: import("@/lib/matching/list-matches").ExceptionRow[] = [];
    // The command line runs with the server's trust: every account, sharing groups aside.
    for await (const row of allExceptions(filter, OPERATOR)) rows.push(row);
    const retired = await listRetiredAccounts(OPERATOR);
    print(out(), { exceptions: rows, retiredSalesforceAccounts: retired }, () =>
      [
        ...rows.map((r) => `${r.kind.padEnd(9)} ${r.system.padEnd(12)} ${r.entity === "ACCOUNT" ? "account" : "user   "} ${r.analyticsId}${r.label ? ` (${r.label})` : ""}: ${r.reason}`),
        ...retired.map((a) => `${a.state.padEnd(9)} Salesforce   account ${a.id}${a.name ? ` (${a.name})` : ""}: ${a.reason}`),
        rows.length + retired.length === 0 ? "No exceptions." : `${rows.length} exception(s), ${retired.length} retired Salesforce account(s).`,
      ].join("\n"),
    );
  });

const runs = program
  .command("runs")
  .description("sync history, newest first or --sort another way: status, duration, what each run changed, API calls (runs show ID for one run)")
  .option("--integration <system>", "only runs of salesforce, pendo or px")
  .option("--status <status>", "queued, running, succeeded, partial, failed or cancelled")
  .option("--kind <kind>", "pull, match, sync, usage, retry or preview")
  .option("--trigger <trigger>", "manual, schedule, cli, retry, ...")
  .option("--from <day>", "started on or after this UTC day (YYYY-MM-DD)")
  .option("--to <day>", "started on or before this UTC day (YYYY-MM-DD)")
  .option("--rejected", "only runs with records a vendor rejected")
  .option("--sort <sort>", "started (start time), duration, records (read and written), apiCalls or rejected (records a vendor refused)", "started")
  .option("--dir <dir>", "desc (newest, longest, most first) or asc", "desc")
  .option("--limit <n>", "how many runs, 1 to 100", "20")
  .addHelpText("after", "\nRuns still in progress count as 0 under --sort duration, records, apiCalls and rejected until they finish.\nExample: npm run -s cli -- runs --sort duration --dir asc --integration pendo")
  .action(async (o: { integration?: string; status?: string; kind?: string; trigger?: string; from?: string; to?: string; rejected?: boolean; sort: string; dir: string; limit: string }) => {
    const [{ listRuns, runFilterSchema }, { runLine }] = await Promise.all([import("@/lib/sync/history/list-runs"), import("@/lib/sync/history/run-text")]);
    const filter = runFilterSchema.parse({ integration: systemOption(o.integration), status: o.status, kind: o.kind, trigger: o.trigger, from: o.from, to: o.to, rejected: o.rejected ? "1" : undefined, sort: o.sort, dir: o.dir, limit: o.limit });
    const list = await listRuns(filter);
    print(out(), list.runs, () => {
      if (list.runs.length) return list.runs.map(runLine).join("\n");
      return list.anyRun ? "No run matches these filters." : "No run recorded yet. Start one with: npm run -s cli -- pull";
    });
  });

runs
  .command("show")
  .description("one run: its steps with counts, durations and API calls, then every record result, failures first")
  .argument("<id>", "the run id (first column of `runs`)")
  .option("--failed", "only records that failed, were rejected or were invalid")
  .option("--calls", "also print each failed write call's request and response as sent (always in --json)")
  .action(async (id: string, o: { failed?: boolean; calls?: boolean }) => {
    const [{ allRunRecords, getRunDetail }, { runIdSchema }, { recordLine, runDetailText, failedCallText }, { AppError }, { loadFailedCalls }] = await Promise.all([
      import("@/lib/sync/history/run-detail"),
      import("@/lib/sync/history/params"),
      import("@/lib/sync/history/run-text"),
      import("@/lib/errors"),
      import("@/lib/sync/history/failed-calls"),
    ]);
    const parsed = runIdSchema.safeParse(id);
    const run = parsed.success ? await getRunDetail(parsed.data) : null;
    if (!run) throw new AppError("NOT_FOUND", `No run with id ${id}. List the runs with: npm run -s cli -- runs`);
    // The command line runs with the server's trust: every record named, sharing groups aside.
    const records = allRunRecords(run.id, o.failed ? { outcome: "failures" } : {}, (await import("@/lib/auth/data-scope")).OPERATOR);
    // Records stream as they are read: a run can hold 100,000 of them.
    const calls = await loadFailedCalls(run.id, (await import("@/lib/auth/data-scope")).OPERATOR);
    if (out().json) {
      await write(`{\n  "run": ${toJson(run, 2).replace(/\n/g, "\n  ")},\n  "failedCalls": ${toJson(calls, 2).replace(/\n/g, "\n  ")},\n  "records": [`);
      let n = 0;
      for await (const r of records) await write(`${n++ ? "," : ""}\n    ${toJson(r)}`);
      await write(`${n ? "\n  " : ""}]\n}\n`);
      return;
    }
    await write(`${runDetailText(run)}\n`);
    if (calls.length) await write(o.calls ? `failed calls:\n${calls.map(failedCallText).join("\n")}\n` : `${calls.length} failed write call(s) kept as sent; print them with --calls\n`);
    let n = 0;
    for await (const r of records) await write(`${n++ ? "" : `${o.failed ? "failed records" : "records, failures first"}:\n`}  ${recordLine(r)}\n`);
    if (n === 0) await write(o.failed ? "No failed record.\n" : "No record result.\n");
  });

runs
  .command("prune")
  .description("remove the per-record results and failed calls of runs older than HISTORY_RETENTION_DAYS (the runs and their counts stay); the worker does this daily")
  .option("--days <n>", "older than this many days instead (1 to 3650)")
  .action(async (o: { days?: string }) => {
    const [{ pruneHistory }, { z }] = await Promise.all([import("@/lib/sync/history/prune-history"), import("zod")]);
    const days = o.days === undefined ? undefined : z.coerce.number({ error: "--days takes a whole number of days" }).int("--days takes a whole number of days").min(1, "--days must be 1 or more").max(3650, "--days must be 3650 or less").parse(o.days);
    const result = await pruneHistory({ days });
    print(out(), result, () =>
      result
        ? `Removed ${result.records} record result(s) and ${result.failedCalls} failed call(s) of ${result.runs} run(s) started before ${result.cutoff}.`
        : "HISTORY_RETENTION_DAYS is 0: history keeps every record result. Pass --days N to prune once anyway.",
    );
  });

registerConfigCommands(program, out, print);
registerKpiCommands(program, out, print);
registerHealthCommands(program, out, print);
registerScheduleCommands(program, out, print);
registerRetryCommands(program, out, print);
registerCsmCommands(program, out, print);
registerSharingCommands(program, out, print);

/** A dead Redis or PostgreSQL as one sentence naming its configured address, not ECONNREFUSED. */
async function unreachableService(error: unknown): Promise<string | undefined> {
  try {
    const { describeConnectionError } = await import("@/lib/system/status");
    return describeConnectionError(error);
  } catch {
    return undefined; // the configuration itself is invalid: its own message says so
  }
}

async function main() {
  try {
    await program.parseAsync(process.argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander prints its own parse errors; ours (thrown from actions) it does not.
      if (error.code.startsWith("clearinghouse.")) process.stderr.write(`error: ${error.message}\n`);
      process.exitCode = error.exitCode;
      return;
    }
    if ((error as NodeJS.ErrnoException | null)?.code === "EPIPE") return;
    const message = isAppError(error)
      ? error.message
      : error instanceof ZodError
        ? Object.entries(zodFields(error)).map(([k, v]) => `${k}: ${v}`).join("; ")
        : ((await unreachableService(error)) ?? (error instanceof Error ? error.message : String(error)));
    if (program.opts().json) process.stdout.write(`${toJson({ error: message })}\n`);
    else process.stderr.write(`error: ${message}\n`);
    process.exitCode = 1;
  } finally {
    await shutdown();
  }
}

await main();
