import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import type { Redis } from "ioredis";
import { env } from "@/lib/env";
import { createProducerConnection } from "@/lib/queue/connection";

// Failed sign-ins are counted per account and per client address in Redis, so every web process
// sees the same counts. If Redis is down, an in-memory limiter takes over rather than letting
// guesses through unthrottled.
type Limiters = { account: RateLimiterRedis; ip: RateLimiterRedis };

const globalForThrottle = globalThis as unknown as { loginLimiters?: Limiters; loginRedis?: Redis };

function limiters(): Limiters {
  if (globalForThrottle.loginLimiters) return globalForThrottle.loginLimiters;
  const redis = (globalForThrottle.loginRedis ??= createProducerConnection("login-throttle"));
  const duration = Math.round(env.LOGIN_LOCKOUT_MINUTES * 60);
  const make = (keyPrefix: string, points: number) =>
    new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: `${env.QUEUE_PREFIX}:login:${keyPrefix}`,
      points,
      duration,
      insuranceLimiter: new RateLimiterMemory({ keyPrefix, points, duration }),
    });
  globalForThrottle.loginLimiters = {
    account: make("account", env.LOGIN_MAX_FAILURES_PER_ACCOUNT),
    ip: make("ip", env.LOGIN_MAX_FAILURES_PER_IP),
  };
  return globalForThrottle.loginLimiters;
}

const accountKey = (email: string) => email.trim().toLowerCase();

/** Minutes until the caller may try again, or 0 when neither the account nor the address is locked. */
export async function lockedForMinutes(email: string, ip: string): Promise<number> {
  const { account, ip: byIp } = limiters();
  const [a, i] = await Promise.all([account.get(accountKey(email)), byIp.get(ip)]);
  const blocked = [
    a && a.consumedPoints >= env.LOGIN_MAX_FAILURES_PER_ACCOUNT ? a.msBeforeNext : 0,
    i && i.consumedPoints >= env.LOGIN_MAX_FAILURES_PER_IP ? i.msBeforeNext : 0,
  ];
  const ms = Math.max(...blocked);
  return ms > 0 ? Math.max(1, Math.ceil(ms / 60_000)) : 0;
}

export async function recordFailedSignIn(email: string, ip: string): Promise<void> {
  const { account, ip: byIp } = limiters();
  await Promise.all(
    [account.penalty(accountKey(email), 1), byIp.penalty(ip, 1)].map((p) =>
      p.catch((e: unknown) => {
        if (!(e instanceof RateLimiterRes)) throw e;
      }),
    ),
  );
}

export async function clearFailedSignIns(email: string): Promise<void> {
  await limiters().account.delete(accountKey(email));
}
