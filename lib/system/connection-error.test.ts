import { describe, expect, it } from "vitest";
import { env } from "@/lib/env";
import { describeRedis, redisDownSentence } from "@/lib/queue/connection";
import { describeConnectionError } from "@/lib/system/status";

// What the command line prints (scripts/cli.ts main) for a connection failure that reaches it raw.
const redis = describeRedis();
const database = (() => {
  const url = new URL(env.DATABASE_URL);
  return `${url.hostname}:${url.port || 5432}`;
})();
const refused = (host: string, port: number) =>
  Object.assign(new Error(`connect ECONNREFUSED ${host}:${port}`), { code: "ECONNREFUSED", errno: -111, syscall: "connect", address: host, port });

describe("describeConnectionError", () => {
  it("names the configured Redis for ioredis failures, with or without an address", () => {
    const [host, port] = redis.split(":") as [string, string];
    const sentence = redisDownSentence();
    expect(sentence).toBe(`Redis at ${redis} is not answering: start it (or correct REDIS_URL), then try again.`);
    expect(describeConnectionError(refused(host, Number(port)))).toBe(sentence);
    expect(describeConnectionError(new Error("Stream isn't writeable and enableOfflineQueue options is false"))).toBe(sentence);
    expect(describeConnectionError(new Error("Connection is closed."))).toBe(sentence);
    const maxRetries = Object.assign(new Error('Reached the max retries per request limit (which is 1). Refer to "maxRetriesPerRequest" option for details.'), { name: "MaxRetriesPerRequestError" });
    expect(describeConnectionError(maxRetries)).toBe(sentence);
  });

  it("names the configured PostgreSQL for pg and Prisma failures", () => {
    const [host, port] = database.split(":") as [string, string];
    const sentence = `PostgreSQL at ${database} is not answering: start it (or correct DATABASE_URL), then try again.`;
    expect(describeConnectionError(refused(host, Number(port)))).toBe(sentence);
    const prisma = Object.assign(new Error(`\nInvalid \`db.user.findMany()\` invocation in\n/x.ts:2:21\n\nCan't reach database server at ${database}`), { code: "P1001" });
    expect(describeConnectionError(prisma)).toBe(sentence);
  });

  it("matches addresses as whole words, and leaves other errors alone", () => {
    const [host, port] = redis.split(":") as [string, string];
    const longer = Object.assign(new Error(`connect ECONNREFUSED ${host}:${port}9`), { code: "ECONNREFUSED", address: host, port: Number(`${port}9`) });
    expect(describeConnectionError(longer)).toMatch(/^A service did not answer \(ECONNREFUSED\)\. Check PostgreSQL at .* and Redis at .* with: npm run -s cli -- status$/);
    expect(describeConnectionError(new Error("No run with id x"))).toBeUndefined();
    expect(describeConnectionError("ECONNREFUSED")).toBeUndefined();
  });
});
