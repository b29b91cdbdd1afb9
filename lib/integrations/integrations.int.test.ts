import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// Real connectors against in-process emulators over HTTP, on ports of their own so a running demo
// (3101-3103) or end-to-end run (3111-3113) does not interfere.
const PORTS = vi.hoisted(() => {
  const ports = { salesforce: 3121, pendo: 3122, px: 3123 };
  /* eslint-disable no-restricted-properties -- configures lib/env.ts before it loads */
  process.env.SALESFORCE_EMULATOR_URL = `http://127.0.0.1:${ports.salesforce}`;
  process.env.PENDO_EMULATOR_URL = `http://127.0.0.1:${ports.pendo}`;
  process.env.PX_EMULATOR_URL = `http://127.0.0.1:${ports.px}/v1`;
  process.env.SECRETS_KEY = Buffer.alloc(32, 7).toString("base64");
  /* eslint-enable no-restricted-properties */
  return ports;
});

import { Client } from "pg";
import { startSalesforceEmulator } from "@/emulators/salesforce/server";
import { startPendoEmulator } from "@/emulators/pendo/server";
import { startPxEmulator } from "@/emulators/px/server";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { truncateAll } from "@/lib/testing/database";
import { closeProducers } from "@/lib/queue/producer";
import { connectDemo, DEMO_KEYS } from "@/lib/integrations/connect-demo";
import { testConnection } from "@/lib/integrations/test-connection";
import { disconnectIntegration } from "@/lib/integrations/disconnect";
import { refreshSalesforceDescribe } from "@/lib/integrations/describe-cache";
import { openCredentials, salesforceCredentialsSchema } from "@/lib/integrations/credentials";
import { listIntegrationCards } from "@/lib/integrations/list-integrations";
import { connectApiKeyIntegration } from "@/lib/integrations/connect-api-key";
import { rotateSecrets } from "@/lib/integrations/rotate-secrets";
import { finishSalesforceConnect, startSalesforceConnect } from "@/lib/integrations/connect-salesforce";
import { apiKeyCredentialsSchema, isSealedUnderOldKey } from "@/lib/integrations/credentials";

const ctx = { actor: null, ip: "test" };
const running: { close(): Promise<void> }[] = [];
const sfAdmin = (path: string, body: unknown = {}) =>
  fetch(`${env.SALESFORCE_EMULATOR_URL}/__emulator/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });

const salesforce = async () => db.integration.findFirstOrThrow({ where: { system: "SALESFORCE" } });

beforeAll(async () => {
  running.push(
    await startSalesforceEmulator({ port: PORTS.salesforce }),
    await startPendoEmulator({ port: PORTS.pendo }),
    await startPxEmulator({ port: PORTS.px }),
  );
  await truncateAll(db);
  const results = await connectDemo(ctx);
  expect(results.filter((r) => !r.ok)).toEqual([]);
});

afterAll(async () => {
  await Promise.all(running.map((r) => r.close()));
  await closeProducers();
  await db.$disconnect();
});

describe("integrations against the emulators", () => {
  it("connects all three and shows them as cards without secrets", async () => {
    const cards = await listIntegrationCards();
    expect(cards.map((c) => [c.system, c.status])).toEqual([
      ["SALESFORCE", "CONNECTED"],
      ["PENDO", "CONNECTED"],
      ["PX", "CONNECTED"],
    ]);
    const sf = cards[0]!;
    expect(sf.externalOrgId).toMatch(/^00D/);
    expect(sf.api?.max).toBeGreaterThan(0);
    expect(JSON.stringify(cards)).not.toMatch(/demo-pendo-key|demo-px-key|refresh/i);
  });

  it("caches Account and Contact describes with the flags later features read", async () => {
    const { objects } = await refreshSalesforceDescribe((await salesforce()).id);
    expect(objects.sort()).toEqual(["Account", "Contact"]);
    const account = await db.salesforceDescribe.findFirstOrThrow({ where: { objectName: "Account" } });
    const fields = account.fields as { name: string; type: string; updateable: boolean; externalId: boolean }[];
    expect(fields.find((f) => f.name === "Name")?.type).toBe("string");
    expect(fields.find((f) => f.name === "Id")?.updateable).toBe(false);
  });

  it("refreshes an expired access token on 401 and stores the new one", async () => {
    const before = openCredentials(await salesforce(), salesforceCredentialsSchema);
    expect((await sfAdmin("expire-tokens")).ok).toBe(true);
    await testConnection((await salesforce()).id);
    const after = openCredentials(await salesforce(), salesforceCredentialsSchema);
    expect(after.accessToken).not.toBe(before.accessToken);
    expect(after.refreshToken).toBe(before.refreshToken);
    expect((await salesforce()).status).toBe("CONNECTED");
  });

  it("turns a revoked refresh token into Reconnect needed, keeping configuration", async () => {
    const integration = await salesforce();
    const { refreshToken } = openCredentials(integration, salesforceCredentialsSchema);
    const revoke = await fetch(`${env.SALESFORCE_EMULATOR_URL}/services/oauth2/revoke`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ token: refreshToken }).toString(),
    });
    expect(revoke.ok).toBe(true);
    await sfAdmin("expire-tokens");
    await expect(testConnection(integration.id)).rejects.toThrow(/reconnect/i);

    const after = await salesforce();
    expect(after.status).toBe("RECONNECT_NEEDED");
    expect(after.statusMessage).toMatch(/reconnect/i);
    expect(after.externalOrgId).toBe(integration.externalOrgId);
    expect(await db.salesforceDescribe.count({ where: { integrationId: integration.id } })).toBe(2);
    expect(await db.alert.count({ where: { integrationId: integration.id, resolvedAt: null } })).toBe(1);

    // Reconnecting the same org reuses the row and clears the alert.
    await connectDemo(ctx);
    const reconnected = await salesforce();
    expect(reconnected.id).toBe(integration.id);
    expect(reconnected.status).toBe("CONNECTED");
    expect(await db.alert.count({ where: { integrationId: integration.id, resolvedAt: null } })).toBe(0);
  });

  it("keeps secrets unreadable in a database dump", async () => {
    const client = new Client({ connectionString: env.DATABASE_URL });
    await client.connect();
    try {
      const dump = JSON.stringify((await client.query("SELECT * FROM \"Integration\"")).rows);
      const { refreshToken, accessToken } = openCredentials(await salesforce(), salesforceCredentialsSchema);
      for (const secret of [refreshToken, accessToken, DEMO_KEYS.pendo, DEMO_KEYS.px]) expect(dump).not.toContain(secret);
      expect(dump).toMatch(/v1\./);
    } finally {
      await client.end();
    }
  });

  it("refuses a wrong Pendo key with a sentence and keeps the working connection", async () => {
    await expect(connectApiKeyIntegration("PENDO", ctx, { region: "emulator", key: "definitely-wrong-key" })).rejects.toThrow(/Pendo/);
    expect((await db.integration.findFirstOrThrow({ where: { system: "PENDO" } })).status).toBe("CONNECTED");
  });

  it("accepts a read-only Pendo key for pulls and turns pushes off", async () => {
    const { canWrite } = await connectApiKeyIntegration("PENDO", ctx, { region: "emulator", key: "demo-pendo-readonly-key" });
    expect(canWrite).toBe(false);
    const card = (await listIntegrationCards()).find((c) => c.system === "PENDO")!;
    expect(card.canWrite).toBe(false);
    expect(card.statusMessage).toMatch(/read-only/);
  });

  it("disconnects: revokes at Salesforce, forgets secrets, keeps history", async () => {
    const integration = await salesforce();
    const { refreshToken } = openCredentials(integration, salesforceCredentialsSchema);
    const { revoked } = await disconnectIntegration(integration.id, ctx);
    expect(revoked).toBe(true);
    const after = await salesforce();
    expect(after.status).toBe("DISABLED");
    expect(after.secrets).toBeNull();
    expect(await db.salesforceDescribe.count({ where: { integrationId: integration.id } })).toBe(2);
    // The revoked refresh token no longer works at Salesforce.
    const token = await fetch(`${env.SALESFORCE_EMULATOR_URL}/services/oauth2/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "refresh_token",
        refresh_token: refreshToken,
        client_id: env.SALESFORCE_CLIENT_ID,
        client_secret: env.SALESFORCE_CLIENT_SECRET,
      }).toString(),
    });
    expect(token.status).toBe(400);
    const actions = (await db.auditLog.findMany({ where: { targetId: integration.id }, orderBy: { at: "asc" } })).map((a) => a.action);
    expect(actions).toEqual(["integration.connect", "integration.reconnect", "integration.disconnect"]);
  });
});

describe("Salesforce handshake guards", () => {
  it("refuses an unknown, reused or someone else's state, and a denied consent, with sentences", async () => {
    await expect(finishSalesforceConnect(ctx, { state: "forged", code: "x" })).rejects.toThrow(/Click Connect again/);

    const { authorizeUrl } = await startSalesforceConnect(ctx, { environment: "emulator" });
    const state = new URL(authorizeUrl).searchParams.get("state")!;
    const stranger = { actor: { id: "someone-else", email: "x@y.z" }, ip: null };
    await expect(finishSalesforceConnect(stranger, { state, code: "x" })).rejects.toThrow(/started by someone else/);
    // The state was consumed by that attempt: a replay fails too.
    await expect(finishSalesforceConnect(ctx, { state, code: "x" })).rejects.toThrow(/Click Connect again/);

    const again = new URL((await startSalesforceConnect(ctx, { environment: "emulator" })).authorizeUrl).searchParams.get("state")!;
    await expect(finishSalesforceConnect(ctx, { state: again, error: "access_denied", error_description: "end-user denied authorization" })).rejects.toThrow(
      /did not grant access \(end-user denied authorization\)/,
    );
  });

  it("refuses a My Domain URL that is not a plain https origin", async () => {
    await expect(startSalesforceConnect(ctx, { environment: "custom", customDomain: "https://u:p@acme.my.salesforce.com" })).rejects.toThrow(/user name/);
    await expect(startSalesforceConnect(ctx, { environment: "custom" })).rejects.toThrow(/Enter your My Domain/);
  });
});

describe("secret key rotation", () => {
  it("re-encrypts every secret under the new key and then works without the old one", async () => {
    const oldKey = env.SECRETS_KEY!;
    const newKey = Buffer.alloc(32, 9).toString("base64");
    const sealed = await db.integration.findMany({ where: { secrets: { not: null } } });
    expect(sealed.length).toBeGreaterThan(0);
    const pendo = await db.integration.findFirstOrThrow({ where: { system: "PENDO" } });
    const pendoKey = openCredentials(pendo, apiKeyCredentialsSchema).key;
    try {
      // Step 1 of the documented procedure: new key current, old key previous.
      env.SECRETS_KEY = newKey;
      env.SECRETS_KEY_PREVIOUS = oldKey;
      expect(isSealedUnderOldKey(pendo.secrets!)).toBe(true);
      expect(await rotateSecrets(ctx)).toEqual({ reencrypted: sealed.length, remaining: 0 });
      expect(await rotateSecrets(ctx)).toEqual({ reencrypted: 0, remaining: 0 });

      // Step 2: drop the old key; everything still opens.
      env.SECRETS_KEY_PREVIOUS = undefined;
      const rotated = await db.integration.findFirstOrThrow({ where: { system: "PENDO" } });
      expect(rotated.secrets).not.toBe(pendo.secrets);
      expect(openCredentials(rotated, apiKeyCredentialsSchema).key).toBe(pendoKey);

      // Going back to the old key alone fails with a sentence, not garbage.
      env.SECRETS_KEY = oldKey;
      expect(() => openCredentials(rotated, apiKeyCredentialsSchema)).toThrow(/key/i);
    } finally {
      env.SECRETS_KEY = oldKey;
      env.SECRETS_KEY_PREVIOUS = undefined;
    }
  });
});
