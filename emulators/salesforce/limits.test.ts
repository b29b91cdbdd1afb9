// Daily API request accounting: every call spends one request, Sforce-Limit-Info reports it,
// and an exhausted allowance answers 403 REQUEST_LIMIT_EXCEEDED until the window rolls.

import type { Connection } from "jsforce";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "./server";
import { admin, connect, startTestEmulator } from "./test-helpers";

let emu: RunningEmulator;
let conn: Connection;

beforeAll(async () => {
  emu = await startTestEmulator({ dailyApiRequests: 15_000 });
  conn = await connect(emu);
});

afterAll(async () => {
  await emu.close();
});

async function daily(): Promise<{ Max: number; Remaining: number }> {
  const limits = await conn.limits();
  if (!limits.DailyApiRequests) throw new Error("no DailyApiRequests in /limits");
  return limits.DailyApiRequests;
}

describe("DailyApiRequests", () => {
  it("decreases Remaining with every call and reports usage in Sforce-Limit-Info", async () => {
    const first = await daily();
    expect(first.Max).toBe(15_000);
    await conn.query("SELECT Id FROM Account");
    await conn.sobject("Account").create({ Name: "Counted" });
    const second = await daily();
    expect(second.Remaining).toBe(first.Remaining - 3);
    expect(conn.limitInfo.apiUsage).toEqual({ used: 15_000 - second.Remaining, limit: 15_000 });
  });

  it("counts a 200-record collection call as one request", async () => {
    const before = (await daily()).Remaining;
    await conn.sobject("Account").create(Array.from({ length: 200 }, (_, i) => ({ Name: `One call ${i}` })));
    const after = (await daily()).Remaining;
    expect(before - after).toBe(2);
  });

  it("does not count the version list or OAuth", async () => {
    const before = (await admin<{ apiUsage: { used: number } }>(emu, "counters")).body.apiUsage.used;
    await fetch(`${emu.url}/services/data/`);
    await conn.oauth2.refreshToken(conn.refreshToken!);
    const after = (await admin<{ apiUsage: { used: number } }>(emu, "counters")).body.apiUsage.used;
    expect(after).toBe(before);
  });

  it("answers REQUEST_LIMIT_EXCEEDED at zero and recovers when the day rolls over", async () => {
    const set = await admin<{ remaining: number }>(emu, "limits", { remaining: 1 });
    expect(set.body.remaining).toBe(1);
    await conn.query("SELECT Id FROM Account LIMIT 1");
    await expect(conn.query("SELECT Id FROM Account LIMIT 1")).rejects.toMatchObject({
      errorCode: "REQUEST_LIMIT_EXCEEDED",
      message: "TotalRequests Limit exceeded.",
    });
    const res = await fetch(`${emu.url}/services/data/v62.0/limits`, { headers: { authorization: `Bearer ${conn.accessToken}` } });
    expect(res.status).toBe(403);
    expect(res.headers.get("sforce-limit-info")).toBe("api-usage=15000/15000");
    await admin(emu, "clock", { advanceSeconds: 86_400 });
    expect((await daily()).Remaining).toBe(14_999);
  });

  it("changes the allowance through the admin API and validates input", async () => {
    const res = await admin<{ max: number; remaining: number }>(emu, "limits", { max: 500, remaining: 500 });
    expect(res.body).toMatchObject({ max: 500, remaining: 500 });
    expect(await daily()).toEqual({ Max: 500, Remaining: 499 });
    const bad = await admin<Array<{ errorCode: string }>>(emu, "limits", { remaining: -1 });
    expect(bad.status).toBe(400);
    expect(bad.body[0]!.errorCode).toBe("INVALID_INPUT");
  });

  it("counts requests by route for the admin counters", async () => {
    await admin(emu, "counters/reset", {});
    await conn.query("SELECT Id FROM Account LIMIT 1");
    await conn.query("SELECT Id FROM Account LIMIT 1");
    const counters = await admin<{ requests: Record<string, number> }>(emu, "counters");
    expect(counters.body.requests["GET /query"]).toBe(2);
  });
});
