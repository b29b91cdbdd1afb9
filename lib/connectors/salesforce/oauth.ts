import { createHash, randomBytes } from "node:crypto";
import jsforce from "jsforce";
import { networkError, VendorError } from "@/lib/connectors/errors";

export type SalesforceEnvironment = "production" | "sandbox" | "custom";

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** The login host for an environment; a custom My Domain must be a bare https origin (http only for local emulators). */
export function loginHostFor(environment: SalesforceEnvironment, customDomain?: string): string {
  if (environment === "production") return "https://login.salesforce.com";
  if (environment === "sandbox") return "https://test.salesforce.com";
  let url: URL;
  try {
    url = new URL((customDomain ?? "").trim());
  } catch {
    throw new Error("Enter a full URL such as https://acme.my.salesforce.com.");
  }
  const local = LOCAL_HOSTS.has(url.hostname);
  if (url.protocol !== "https:" && !(local && url.protocol === "http:")) throw new Error("The login URL must start with https://.");
  if (url.username || url.password) throw new Error("The login URL must not contain a user name or password.");
  if (url.pathname !== "/" || url.search || url.hash) throw new Error("Enter only the address, without a path, such as https://acme.my.salesforce.com.");
  if (url.port && !local) throw new Error("The login URL must not name a port.");
  return url.origin;
}

export function createPkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(48).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}

export function salesforceAuthorizeUrl(p: { loginUrl: string; clientId: string; redirectUri: string; state: string; codeChallenge: string }): string {
  const url = new URL("/services/oauth2/authorize", p.loginUrl);
  url.search = new URLSearchParams({
    response_type: "code",
    client_id: p.clientId,
    redirect_uri: p.redirectUri,
    state: p.state,
    scope: "api refresh_token",
    code_challenge: p.codeChallenge,
    code_challenge_method: "S256",
  }).toString();
  return url.toString();
}

/** jsforce reports OAuth failures as errors named after the OAuth error code. */
export function oauthError(error: unknown, loginUrl: string): VendorError {
  const name = (error as Error)?.name;
  if (name && /^[a-z_]+$/.test(name)) {
    return new VendorError({ system: "salesforce", code: name, vendorMessage: (error as Error).message, status: 400, retryable: false });
  }
  if (name?.startsWith("ERROR_HTTP_5")) return new VendorError({ system: "salesforce", code: "503", vendorMessage: (error as Error).message });
  return networkError("salesforce", error, loginUrl);
}

export async function exchangeSalesforceCode(p: {
  loginUrl: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  code: string;
  codeVerifier: string;
}): Promise<{ accessToken: string; refreshToken: string; instanceUrl: string; identityUrl: string }> {
  const oauth2 = new jsforce.OAuth2({ loginUrl: p.loginUrl, clientId: p.clientId, clientSecret: p.clientSecret, redirectUri: p.redirectUri });
  // The verifier was made when the handshake started, in another request; hand it to jsforce.
  (oauth2 as unknown as { codeVerifier: string }).codeVerifier = p.codeVerifier;
  try {
    const res = await oauth2.requestToken(p.code);
    if (!res.refresh_token) {
      throw new VendorError({
        system: "salesforce",
        code: "NO_REFRESH_TOKEN",
        vendorMessage: "the connected app did not grant a refresh token; add the refresh_token scope",
        retryable: false,
      });
    }
    return { accessToken: res.access_token, refreshToken: res.refresh_token, instanceUrl: res.instance_url, identityUrl: res.id };
  } catch (error) {
    if (error instanceof VendorError) throw error;
    throw oauthError(error, p.loginUrl);
  }
}

export async function revokeSalesforceToken(p: { loginUrl: string; token: string }): Promise<void> {
  const res = await fetch(new URL("/services/oauth2/revoke", p.loginUrl), {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ token: p.token }).toString(),
    signal: AbortSignal.timeout(15_000),
  }).catch((error: unknown) => {
    throw networkError("salesforce", error, p.loginUrl);
  });
  // 400 invalid_token means it is already unusable, which is what revoking wants.
  if (!res.ok && res.status !== 400) {
    throw new VendorError({ system: "salesforce", code: String(res.status), vendorMessage: await res.text(), status: res.status });
  }
}
