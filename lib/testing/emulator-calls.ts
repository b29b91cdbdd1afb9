import { expect } from "vitest";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { DEMO_KEYS } from "@/lib/integrations/connect-demo";
import { openCredentials, salesforceCredentialsSchema } from "@/lib/integrations/credentials";

// Calls integration tests make to the emulators the way a person editing records in Salesforce or
// PX would, plus a bounded wait. Shared by the pull and sync-core tests.

/** Polls `probe` every 100 ms until it returns something truthy; fails after `ms`. */
export async function until<T>(probe: () => Promise<T | null | undefined | false>, ms: number): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A REST call as the connected Salesforce integration user. */
export async function sfRest(method: string, path: string, body?: unknown) {
  const sf = await db.integration.findFirstOrThrow({ where: { system: "SALESFORCE" } });
  const { accessToken } = openCredentials(sf, salesforceCredentialsSchema);
  const res = await fetch(`${sf.instanceUrl}/services/data/v62.0${path}`, {
    method,
    headers: { authorization: `Bearer ${accessToken}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(res.status, await res.clone().text()).toBeLessThan(300);
  return res.status === 204 ? null : res.json();
}

/** A REST call to the PX emulator with the demo key. */
export async function pxRest(method: string, path: string, body?: unknown) {
  const res = await fetch(`${env.PX_EMULATOR_URL}${path}`, {
    method,
    headers: { "x-aptrinsic-api-key": DEMO_KEYS.px, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(res.status, await res.clone().text()).toBeLessThan(300);
}
