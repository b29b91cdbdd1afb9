import type { Command } from "commander";
import { InvalidArgumentError } from "commander";

// `cli retry RUN_ID [--record ID]… [--wait]`: retry a run's failed writes (every one, or the records
// named) as a run of its own, queued for the worker; with --wait, print the retry's run when it ends.
// Imports are lazy, as in scripts/cli.ts.

type Print = (out: { json: boolean }, value: unknown, human: () => string) => void;

const collect = (value: string, previous: string[]) => [...previous, value];

function minutes(value: string): number {
  const n = Number(value);
  if (!(n > 0 && n <= 24 * 60)) throw new InvalidArgumentError("give a number of minutes above 0, at most 1440.");
  return n;
}

export function registerRetryCommands(program: Command, out: () => { json: boolean }, print: Print): void {
  program
    .command("retry")
    .description("retry a run's failed writes (all, or --record ID, repeatable) as a retry run of its own, with the hub's current values; queued for the worker")
    .argument("<runId>", "the run whose failed writes to retry (first column of `runs`)")
    .option("--record <id>", "only this record (repeat for more); its id as `runs show ID --failed` lists it", collect, [] as string[])
    .option("--wait", "wait for the worker to finish the retry (at most --timeout minutes) and print its run")
    .option("--timeout <minutes>", "with --wait, stop waiting after this many minutes (the retry carries on in the worker)", minutes, 30)
    .action(async (runId: string, o: { record: string[]; wait?: boolean; timeout: number }) => {
      const [{ runIdSchema }, { retryViaWorker }, { runDetailText }, { AppError }] = await Promise.all([
        import("@/lib/sync/history/params"),
        import("@/lib/sync/retry/retry-from-cli"),
        import("@/lib/sync/history/run-text"),
        import("@/lib/errors"),
      ]);
      const id = runIdSchema.safeParse(runId);
      if (!id.success) throw new AppError("INVALID_INPUT", `"${runId}" is not a run id. List the runs with: npm run -s cli -- runs`);
      const result = await retryViaWorker(id.data, o.record, Boolean(o.wait), o.timeout);
      print(out(), result, () => {
        if (!o.wait) return `retry of ${result.records} record(s) ${result.started ? "queued" : "already queued or running"} (run ${result.runId}); follow it with: npm run -s cli -- runs show ${result.runId}`;
        return [result.run ? runDetailText(result.run) : "", result.gaveUp ?? ""].filter(Boolean).join("\n");
      });
      if (result.gaveUp || (result.run && result.run.status !== "SUCCEEDED")) process.exitCode = 1;
    });
}
