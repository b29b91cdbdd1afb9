import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { DbToolError } from "./postgres";

function isEntryPoint(moduleUrl: string): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(moduleUrl));
  } catch {
    return false;
  }
}

/**
 * Runs `main` only when the module is the script being executed (so tests can import it).
 * Expected failures (DbToolError) print one line; anything else keeps its stack.
 */
export function runCli(moduleUrl: string, main: (argv: string[]) => Promise<void>): void {
  if (!isEntryPoint(moduleUrl)) return;
  main(process.argv).catch((err: unknown) => {
    console.error(err instanceof DbToolError ? `error: ${err.message}` : err);
    process.exitCode = 1;
  });
}
