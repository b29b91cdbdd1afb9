import { VendorError } from "@/lib/connectors/errors";
import { logger } from "@/lib/logger";

// Short-lived vendor failures (a 429, a 503, a locked record, a dropped socket) are retried right
// here, inside one request, so a pull does not fail and restart for a blip. Anything longer is
// left to the job's own retry: we never sleep past `maxDelayMs`.

export interface RetryOptions {
  /** Tries in all, the first included. */
  attempts: number;
  /** First backoff ceiling; doubles per attempt, full jitter (a random delay up to the ceiling). */
  baseMs: number;
  /** Largest delay slept here. A vendor Retry-After beyond it ends the retries at once. */
  maxDelayMs: number;
  /** Extra condition on top of kind === "transient", e.g. only errors that prove nothing was processed. */
  retryIf?: (error: VendorError) => boolean;
  /** Called before each wait. `attempt` is the try that just failed (1-based). Default: a warn log line. */
  onRetry?: (error: VendorError, attempt: number, delayMs: number) => void;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
}

export const RETRY_DEFAULTS: RetryOptions = {
  attempts: 5,
  baseMs: 500,
  maxDelayMs: 30_000,
  onRetry: (error, attempt, delayMs) =>
    logger.warn({ system: error.system, code: error.code, status: error.status, attempt, delayMs }, `vendor call failed, retrying: ${error.message}`),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
};

function resolve(options: Partial<RetryOptions> | undefined): RetryOptions {
  const defined = Object.fromEntries(Object.entries(options ?? {}).filter(([, v]) => v !== undefined));
  return { ...RETRY_DEFAULTS, ...defined };
}

/** How long to wait before trying again after `attempt` failed, or undefined to give up and throw. */
export function retryDelay(error: unknown, attempt: number, options?: Partial<RetryOptions>): number | undefined {
  const o = resolve(options);
  if (!(error instanceof VendorError) || error.kind !== "transient") return undefined;
  if (attempt >= o.attempts || (o.retryIf && !o.retryIf(error))) return undefined;
  const retryAfter = error.retryAfterMs ?? 0;
  if (retryAfter > o.maxDelayMs) return undefined;
  const backoff = Math.floor(o.random() * Math.min(o.maxDelayMs, o.baseMs * 2 ** (attempt - 1)));
  return Math.max(backoff, retryAfter);
}

/** Runs `work`, retrying transient VendorErrors with backoff; every other error is thrown at once. */
export async function withVendorRetry<T>(work: (attempt: number) => Promise<T>, options?: Partial<RetryOptions>): Promise<T> {
  const o = resolve(options);
  for (let attempt = 1; ; attempt++) {
    try {
      return await work(attempt);
    } catch (error) {
      const delayMs = retryDelay(error, attempt, o);
      if (delayMs === undefined) throw error;
      o.onRetry?.(error as VendorError, attempt, delayMs);
      await o.sleep(delayMs);
    }
  }
}

/**
 * True when the vendor certainly did not act on the request: it was throttled, refused as
 * unavailable or locked, rolled back, or never connected. Only these make a repeat safe for a
 * request that is not idempotent (a PX scroll page moves the cursor when it is served; a dropped
 * answer may have moved it).
 */
export function vendorDidNotProcess(error: VendorError): boolean {
  if (error.status === 429 || error.status === 503 || error.status === 409) return true;
  return ["REQUEST_LIMIT_EXCEEDED", "SERVER_UNAVAILABLE", "UNABLE_TO_LOCK_ROW", "ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN"].includes(error.code);
}
