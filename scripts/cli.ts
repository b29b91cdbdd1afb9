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
