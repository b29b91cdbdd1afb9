// How each injected fault kind looks on Salesforce's wire, and that a seed replays exactly.

import type { Connection } from "jsforce";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "./server";
import { admin, connect, startTestEmulator } from "./test-helpers";

let emu: RunningEmulator;
let conn: Connection;

beforeAll(async () => {
  emu = await startTestEmulator();
  conn = await connect(emu);
});

afterAll(async () => {
  await emu.close();
});

async function withFaults<T>(spec: string, fn: () => Promise<T>): Promise<T> {
  const set = await admin(emu, "faults", { spec });
  expect(set.status).toBe(200);
  try {
    return await fn();
  } finally {
    await admin(emu, "faults", { spec: "" });
  }
}

function get(path: string): Promise<Response> {
  return fetch(`${emu.url}/services/data/v62.0${path}`, { headers: { authorization: `Bearer ${conn.accessToken}` } });
}

describe("fault kinds on the wire", () => {
  it("limit and rate answer 403 REQUEST_LIMIT_EXCEEDED with distinct messages", async () => {
    await withFaults("limit:path=/limits,nth=1;rate:path=/limits,nth=2,ms=3000", async () => {
      const limit = await get("/limits");
      expect(limit.status).toBe(403);
      expect(await limit.json()).toEqual([{ message: "TotalRequests Limit exceeded.", errorCode: "REQUEST_LIMIT_EXCEEDED" }]);
      const rate = await get("/limits");
      expect(rate.status).toBe(403);
      expect(rate.headers.get("retry-after")).toBe("3");
      expect(((await rate.json()) as Array<{ message: string }>)[0]!.message).toBe("ConcurrentPerOrgLongTxn Limit exceeded.");
      expect((await get("/limits")).status).toBe(200);
    });
  });

  it("lock answers 400 UNABLE_TO_LOCK_ROW on single-record calls", async () => {
    await withFaults("lock:path=/sobjects/Account", async () => {
      await expect(conn.sobject("Account").create({ Name: "Locked" })).rejects.toMatchObject({ errorCode: "UNABLE_TO_LOCK_ROW" });
    });
  });

  it("drop closes the connection and timeout holds then closes it", async () => {
    await withFaults("drop:path=/limits,nth=1;timeout:path=/limits,nth=2,ms=50", async () => {
      await expect(get("/limits")).rejects.toThrow();
      await expect(get("/limits")).rejects.toThrow();
      expect((await get("/limits")).status).toBe(200);
    });
  });

  it("slow delays and then answers normally", async () => {
    await withFaults("slow:ms=20,path=/limits", async () => {
      const res = await get("/limits");
      expect(res.status).toBe(200);
    });
  });

  it("maps faults on the token endpoint to OAuth errors", async () => {
    await withFaults("expired-token:path=/services/oauth2/token,nth=1", async () => {
      await expect(conn.oauth2.refreshToken(conn.refreshToken!)).rejects.toMatchObject({ name: "invalid_grant" });
      const ok = await conn.oauth2.refreshToken(conn.refreshToken!);
      expect(ok.access_token).toBeTruthy();
    });
  });

  it("fails the first Bulk row with UNABLE_TO_LOCK_ROW when the close request is locked", async () => {
    // jsforce sends POST /jobs/ingest, PUT .../batches, PATCH .../{id}: the third matching call.
    const res = await withFaults("lock:path=/jobs/ingest,nth=3", () =>
      conn.bulk2.loadAndWaitForResults({
        object: "Account",
        operation: "insert",
        input: [{ Name: "Bulk lock 1" }, { Name: "Bulk lock 2" }],
        pollInterval: 20,
        pollTimeout: 10_000,
      }),
    );
    expect(res.successfulResults).toHaveLength(1);
    expect((res.failedResults[0] as unknown as Record<string, string>).sf__Error).toMatch(/^UNABLE_TO_LOCK_ROW:/);
  });
});

describe("seeded faults", () => {
  async function statuses(seed: number): Promise<number[]> {
    const e = await startTestEmulator({ seed, faults: "unavailable:rate=0.5,path=/limits" });
    try {
      const c = await connect(e);
      const out: number[] = [];
      for (let i = 0; i < 30; i++) {
        const res = await fetch(`${e.url}/services/data/v62.0/limits`, { headers: { authorization: `Bearer ${c.accessToken}` } });
        out.push(res.status);
      }
      return out;
    } finally {
      await e.close();
    }
  }

  it("replays the same fault sequence for the same seed", async () => {
    const a = await statuses(11);
    const b = await statuses(11);
    const c = await statuses(12);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(a).toContain(503);
    expect(a).toContain(200);
  });

  it("rejects an invalid spec at start", async () => {
    await expect(startTestEmulator({ faults: "lock:nth=zero" })).rejects.toThrow(/nth must be a positive integer/);
  });
});

describe("lifecycle", () => {
  it("closes promptly while a timeout fault holds a request, and applies latencyMs", async () => {
    const e = await startTestEmulator({ faults: "timeout:path=/limits", latencyMs: 5 });
    const c = await connect(e);
    const held = fetch(`${e.url}/services/data/v62.0/limits`, { headers: { authorization: `Bearer ${c.accessToken}` } }).then(
      () => "answered",
      () => "dropped",
    );
    await new Promise((r) => setTimeout(r, 50));
    await e.close();
    expect(await held).toBe("dropped");
  });
});
