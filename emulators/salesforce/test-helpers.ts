// Shared by the emulator's own tests: start an emulator on a random port and get a jsforce
// connection to it the way the product does (OAuth web-server flow through the consent page).

import jsforce, { type Connection, type OAuth2 } from "jsforce";
import { startSalesforceEmulator, type RunningEmulator, type SalesforceEmulatorOptions } from "./server";
import { DEMO_APP } from "./tokens";

export const REDIRECT_URI = "http://127.0.0.1:9/oauth/callback";

export async function startTestEmulator(opts: SalesforceEmulatorOptions = {}): Promise<RunningEmulator> {
  return startSalesforceEmulator({ port: 0, seed: 42, ...opts });
}

export async function admin<T = unknown>(emu: RunningEmulator, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${emu.url}/__emulator/${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as T };
}

/** Reads the consent form's hidden fields out of the authorize page. */
export function formFields(html: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) fields[m[1]!] = m[2]!;
  return fields;
}

/** GET the authorize URL, POST the consent form with `decision`, return the redirect Location. */
export async function approveConsent(authorizeUrl: string, decision: "approve" | "deny" = "approve"): Promise<URL> {
  const page = await fetch(authorizeUrl);
  if (page.status !== 200) throw new Error(`authorize page answered ${page.status}: ${await page.text()}`);
  const html = await page.text();
  const action = /<form method="post" action="([^"]+)">/.exec(html)?.[1];
  if (!action) throw new Error("no consent form on the authorize page");
  const form = new URLSearchParams({ ...formFields(html), decision });
  const res = await fetch(new URL(action, authorizeUrl), {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: form.toString(),
    redirect: "manual",
  });
  const location = res.headers.get("location");
  if (res.status !== 302 || !location) throw new Error(`consent answered ${res.status} without a redirect`);
  return new URL(location);
}

export function oauth2For(emu: RunningEmulator, useVerifier = false): OAuth2 {
  return new jsforce.OAuth2({
    loginUrl: emu.url,
    clientId: DEMO_APP.clientId,
    clientSecret: DEMO_APP.clientSecret,
    redirectUri: REDIRECT_URI,
    useVerifier,
  });
}

/** A connection authorised through the full web-server flow, with auto-refresh enabled. */
export async function connect(emu: RunningEmulator, version = "62.0"): Promise<Connection> {
  const oauth2 = oauth2For(emu);
  const redirect = await approveConsent(oauth2.getAuthorizationUrl({ scope: "api refresh_token", state: "s1" }));
  const code = redirect.searchParams.get("code");
  if (!code) throw new Error(`no code in ${redirect.toString()}`);
  const conn = new jsforce.Connection({ oauth2, version });
  await conn.authorize(code);
  return conn;
}

/** Creates `n` accounts through collections, 200 at a time. */
export async function createAccounts(conn: Connection, n: number, make: (i: number) => Record<string, unknown>): Promise<string[]> {
  const ids: string[] = [];
  for (let start = 0; start < n; start += 200) {
    const batch = [];
    for (let i = start; i < Math.min(n, start + 200); i++) batch.push(make(i));
    const results = (await conn.sobject("Account").create(batch)) as Array<{ id: string; success: boolean }>;
    for (const r of results) {
      if (!r.success) throw new Error(`create failed: ${JSON.stringify(r)}`);
      ids.push(r.id);
    }
  }
  return ids;
}
