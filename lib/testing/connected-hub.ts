import { expect } from "vitest";
import type { Fixture } from "@/emulators/fixture/schema";
import { startSalesforceEmulator } from "@/emulators/salesforce/server";
import { startPendoEmulator } from "@/emulators/pendo/server";
import { startPxEmulator } from "@/emulators/px/server";
import { db } from "@/lib/db";
import { connectDemo } from "@/lib/integrations/connect-demo";
import { closeProducers } from "@/lib/queue/producer";
import { truncateAll } from "@/lib/testing/database";
import { closeSyncPool } from "@/lib/sync/sql";

/**
 * The setup the sync tests share: the three emulators serving `fixture` on ports `base`, `base+1`,
 * `base+2` (the test file points lib/env.ts at them with vi.stubEnv), an empty hub, and all three
 * integrations connected. Returns the teardown for afterAll.
 */
export async function connectedHub(fixture: Fixture, base: number): Promise<() => Promise<void>> {
  const running = [
    await startSalesforceEmulator({ port: base, fixture: fixture.salesforce, now: fixture.now }),
    await startPendoEmulator({ port: base + 1, fixture: fixture.pendo, now: fixture.now }),
    await startPxEmulator({ port: base + 2, fixture: fixture.px, now: fixture.now }),
  ];
  await truncateAll(db);
  const results = await connectDemo({ actor: null, ip: "test" });
  expect(results.filter((r) => !r.ok)).toEqual([]);
  return async () => {
    await Promise.all(running.map((r) => r.close()));
    await closeProducers();
    await closeSyncPool();
    await db.$disconnect();
  };
}
