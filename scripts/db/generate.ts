/**
 * `npm run db:generate`: `prisma generate` that works offline.
 * The Prisma 7 CLI insists on locating a native schema-engine binary before any command, and
 * downloads one if missing (ENOTFOUND offline). `generate` never runs it (it uses the bundled
 * WASM schema parser), so any existing executable satisfies the check.
 */
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { projectRoot } from "./config";
import { runCli } from "./run-cli";

export function generate(extraArgs: string[] = []): number {
  const cli = createRequire(import.meta.url).resolve("prisma/build/index.js");
  const { status, error } = spawnSync(process.execPath, [cli, "generate", ...extraArgs], {
    cwd: projectRoot,
    stdio: "inherit",
    env: {
      ...process.env,
      PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY || process.execPath,
      PRISMA_HIDE_UPDATE_MESSAGE: "1",
      CHECKPOINT_DISABLE: "1",
    },
  });
  if (error) throw error;
  return status ?? 1;
}

runCli(import.meta.url, async (argv) => {
  process.exitCode = generate(argv.slice(2));
});
