// OAuth conformance with unmodified jsforce: web-server flow through the consent page, PKCE,
// automatic refresh after a 401, revoke, identity, and the error shapes jsforce expects.

import jsforce from "jsforce";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "./server";
import { admin, approveConsent, connect, oauth2For, REDIRECT_URI, startTestEmulator } from "./test-helpers";
import { DEMO_APP, pkceS256 } from "./tokens";

let emu: RunningEmulator;

beforeAll(async () => {
  emu = await startTestEmulator({ fixture: { org: { name: "Acme Sandbox", isSandbox: true } } });
});

afterAll(async () => {
  await emu.close();
});

async function tokenRequest(params: Record<string, string>): Promise<{ status: number; body: Record<string, string> }> {
  const res = await fetch(`${emu.url}/services/oauth2/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(params).toString(),
  });
  return { status: res.status, body: (await res.json()) as Record<string, string> };
}

describe("authorization-code flow", () => {
  it("shows a consent page with Approve and Deny, then redirects with code and state", async () => {
    const oauth2 = oauth2For(emu);
    const url = oauth2.getAuthorizationUrl({ scope: "api refresh_token", state: "xyz" });
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toContain('value="approve"');
    expect(html).toContain('value="deny"');
    expect(html).toContain("Sandbox");

    const redirect = await approveConsent(url);
    expect(`${redirect.origin}${redirect.pathname}`).toBe(REDIRECT_URI);
    expect(redirect.searchParams.get("state")).toBe("xyz");
    expect(redirect.searchParams.get("code")).toMatch(/^aPrx/);
  });

  it("redirects with access_denied when the user denies", async () => {
    const redirect = await approveConsent(oauth2For(emu).getAuthorizationUrl({ state: "st" }), "deny");
    expect(redirect.searchParams.get("error")).toBe("access_denied");
    expect(redirect.searchParams.get("state")).toBe("st");
    expect(redirect.searchParams.get("code")).toBeNull();
  });

  it("lets jsforce exchange the code and use the token", async () => {
    const oauth2 = oauth2For(emu);
    const redirect = await approveConsent(oauth2.getAuthorizationUrl({ scope: "api refresh_token" }));
    const conn = new jsforce.Connection({ oauth2, version: "62.0" });
    const userInfo = await conn.authorize(redirect.searchParams.get("code")!);
    expect(conn.instanceUrl).toBe(emu.url);
    expect(conn.refreshToken).toBeTruthy();
    expect(userInfo.organizationId).toMatch(/^00D/);
    expect(userInfo.id).toMatch(/^005/);
    const identity = await conn.identity();
    expect(identity.user_id).toBe(userInfo.id);
    expect(identity.organization_id).toBe(userInfo.organizationId);
    const org = await conn.query<{ IsSandbox: boolean; Name: string }>("SELECT Id, Name, IsSandbox FROM Organization");
    expect(org.records[0]).toMatchObject({ IsSandbox: true, Name: "Acme Sandbox" });
  });

  it("verifies the PKCE verifier (S256) that jsforce sends", async () => {
    const oauth2 = oauth2For(emu, true);
    const redirect = await approveConsent(oauth2.getAuthorizationUrl({ scope: "api refresh_token" }));
    const conn = new jsforce.Connection({ oauth2, version: "62.0" });
    await conn.authorize(redirect.searchParams.get("code")!);
    expect(conn.accessToken).toBeTruthy();

    const bad = oauth2For(emu, true);
    const redirect2 = await approveConsent(bad.getAuthorizationUrl({}));
    bad.codeVerifier = "x".repeat(64);
    await expect(bad.requestToken(redirect2.searchParams.get("code")!)).rejects.toMatchObject({ name: "invalid_grant" });
  });

  it("supports a public PKCE client with the plain method", async () => {
    const verifier = "v".repeat(50);
    const url = new URL(`${emu.url}/services/oauth2/authorize`);
    url.search = new URLSearchParams({
      response_type: "code",
      client_id: DEMO_APP.clientId,
      redirect_uri: REDIRECT_URI,
      code_challenge: verifier,
      code_challenge_method: "plain",
    }).toString();
    const code = (await approveConsent(url.toString())).searchParams.get("code")!;
    const ok = await tokenRequest({
      grant_type: "authorization_code",
      code,
      client_id: DEMO_APP.clientId,
      redirect_uri: REDIRECT_URI,
      code_verifier: verifier,
    });
    expect(ok.status).toBe(200);
    expect(ok.body.access_token).toBeTruthy();
    expect(pkceS256(verifier)).not.toBe(verifier);
  });

  it("rejects a reused code, a wrong secret and a mismatched redirect_uri", async () => {
    const oauth2 = oauth2For(emu);
    const code = (await approveConsent(oauth2.getAuthorizationUrl({}))).searchParams.get("code")!;
    const wrongRedirect = await tokenRequest({
      grant_type: "authorization_code",
      code,
      client_id: DEMO_APP.clientId,
      client_secret: DEMO_APP.clientSecret,
      redirect_uri: "http://127.0.0.1:9/other",
    });
    expect(wrongRedirect).toMatchObject({ status: 400, body: { error: "redirect_uri_mismatch" } });
    // the failed attempt consumed the code: codes are single-use
    await expect(oauth2.requestToken(code)).rejects.toMatchObject({ name: "invalid_grant" });

    const code2 = (await approveConsent(oauth2.getAuthorizationUrl({}))).searchParams.get("code")!;
    const wrongSecret = await tokenRequest({
      grant_type: "authorization_code",
      code: code2,
      client_id: DEMO_APP.clientId,
      client_secret: "nope",
      redirect_uri: REDIRECT_URI,
    });
    expect(wrongSecret).toMatchObject({ status: 400, body: { error: "invalid_client" } });
    expect(await tokenRequest({ grant_type: "magic", client_id: DEMO_APP.clientId })).toMatchObject({
      status: 400,
      body: { error: "unsupported_grant_type" },
    });
    expect(await tokenRequest({ grant_type: "client_credentials", client_id: "unknown" })).toMatchObject({
      status: 400,
      body: { error: "invalid_client_id" },
    });
  });

  it("returns the token fields jsforce reads", async () => {
    const oauth2 = oauth2For(emu);
    const code = (await approveConsent(oauth2.getAuthorizationUrl({ scope: "api refresh_token" }))).searchParams.get("code")!;
    const res = await oauth2.requestToken(code);
    expect(Object.keys(res).sort()).toEqual(
      ["access_token", "id", "instance_url", "issued_at", "refresh_token", "scope", "signature", "token_type"].sort(),
    );
    expect(res.id).toMatch(new RegExp(`^${emu.url}/id/00D[a-zA-Z0-9]{15}/005[a-zA-Z0-9]{15}$`));
    expect(res.token_type).toBe("Bearer");
    expect(res.scope).toBe("api refresh_token");
    expect(res.issued_at).toMatch(/^\d{13}$/);
  });
});

describe("token refresh and revocation", () => {
  it("refreshes automatically after the access token expires and replays the call", async () => {
    const conn = await connect(emu);
    const before = conn.accessToken;
    const refreshed: string[] = [];
    conn.on("refresh", (token: string) => refreshed.push(token));
    await conn.query("SELECT Id FROM Account");
    const expired = await admin<{ expired: number }>(emu, "expire-tokens", {});
    expect(expired.body.expired).toBeGreaterThan(0);
    const result = await conn.query("SELECT Id FROM User");
    expect(result.totalSize).toBeGreaterThan(0);
    expect(refreshed).toHaveLength(1);
    expect(conn.accessToken).not.toBe(before);
    expect(conn.accessToken).toBe(refreshed[0]);
  });

  it("expires tokens when the emulator clock passes their lifetime", async () => {
    const short = await startTestEmulator({ accessTokenTtlSeconds: 60 });
    try {
      const conn = await connect(short);
      let refreshes = 0;
      conn.on("refresh", () => refreshes++);
      await admin(short, "clock", { advanceSeconds: 61 });
      await conn.query("SELECT Id FROM Account");
      expect(refreshes).toBe(1);
    } finally {
      await short.close();
    }
  });

  it("answers 401 INVALID_SESSION_ID for an unknown token", async () => {
    const conn = new jsforce.Connection({ instanceUrl: emu.url, accessToken: "00Dbogus!token", version: "62.0" });
    await expect(conn.query("SELECT Id FROM Account")).rejects.toMatchObject({ errorCode: "INVALID_SESSION_ID" });
  });

  it("revokes a refresh token and the access tokens it minted (logout)", async () => {
    const conn = await connect(emu);
    const refreshToken = conn.refreshToken!;
    const accessToken = conn.accessToken!;
    await conn.oauth2.revokeToken(refreshToken);
    const probe = new jsforce.Connection({ instanceUrl: emu.url, accessToken, version: "62.0" });
    await expect(probe.query("SELECT Id FROM Account")).rejects.toMatchObject({ errorCode: "INVALID_SESSION_ID" });
    await expect(conn.oauth2.refreshToken(refreshToken)).rejects.toMatchObject({ name: "invalid_grant" });
    await expect(conn.oauth2.revokeToken("not-a-token")).rejects.toMatchObject({ name: "invalid_token" });
  });

  it("serves userinfo for a valid token", async () => {
    const conn = await connect(emu);
    const res = await fetch(`${emu.url}/services/oauth2/userinfo`, { headers: { authorization: `Bearer ${conn.accessToken}` } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body.user_id).toBe(conn.userInfo?.id);
    expect(body.organization_id).toBe(conn.userInfo?.organizationId);
  });

  it("issues client-credentials tokens without a refresh token", async () => {
    const res = await tokenRequest({
      grant_type: "client_credentials",
      client_id: DEMO_APP.clientId,
      client_secret: DEMO_APP.clientSecret,
    });
    expect(res.status).toBe(200);
    expect(res.body.refresh_token).toBeUndefined();
    expect(res.body.instance_url).toBe(emu.url);
  });
});
