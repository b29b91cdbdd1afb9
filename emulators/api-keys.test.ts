import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PENDO_DEMO_KEY, PENDO_DEMO_READONLY_KEY, startPendoEmulator } from "./pendo/server";
import { PX_DEMO_KEY, PX_DEMO_READONLY_KEY, startPxEmulator } from "./px/server";

// Hardening: the emulators looked keys up in a plain object, so "constructor", "__proto__",
// "toString" and "hasOwnProperty" found Object's built-ins and passed as read-only keys (200), and
// the product's connect check accepted them. Pendo and PX answer 401 to any key they did not issue.

const PROTOTYPE_NAMES = ["constructor", "__proto__", "toString", "hasOwnProperty", "valueOf", "isPrototypeOf"];

type Emulator = Awaited<ReturnType<typeof startPendoEmulator>>;
const emulators: Record<"pendo" | "px", Emulator | null> = { pendo: null, px: null };

beforeAll(async () => {
  emulators.pendo = await startPendoEmulator({ port: 0, rateLimit: { perSecond: 1000, burst: 1000 } });
  emulators.px = await startPxEmulator({ port: 0, rateLimit: { perSecond: 1000, burst: 1000 } });
});
afterAll(async () => {
  await emulators.pendo?.close();
  await emulators.px?.close();
});

const vendors = [
  { name: "pendo" as const, header: "x-pendo-integration-key", read: "/api/v1/metadata/schema/account", keys: [PENDO_DEMO_KEY, PENDO_DEMO_READONLY_KEY] },
  { name: "px" as const, header: "x-aptrinsic-api-key", read: "/v1/accounts?pageSize=1", keys: [PX_DEMO_KEY, PX_DEMO_READONLY_KEY] },
];

describe.each(vendors)("$name emulator API keys", ({ name, header, read, keys }) => {
  const get = (key: string) => fetch(`${emulators[name]!.url}${read}`, { headers: { [header]: key, accept: "application/json" } });

  it("accepts the keys it issued", async () => {
    for (const key of keys) expect((await get(key)).status, key).toBe(200);
  });

  it.each(PROTOTYPE_NAMES)("refuses %s as a key with 401, like the vendor", async (key) => {
    const res = await get(key);
    expect(res.status).toBe(401);
    await res.body?.cancel();
  });
});
