/**
 * The environment an integration test hands a child process (a worker, the command line): this
 * run's database, queue prefix, Redis and emulator URLs, which global setup and the test file put in
 * process.env, plus `extra`. The one place tests pass their environment on, so the lint rule that
 * keeps the product reading configuration only through lib/env.ts has one documented exception.
 */
export function childProcessEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  // eslint-disable-next-line no-restricted-properties -- a child process must inherit this run's environment
  return { ...process.env, ...extra };
}
