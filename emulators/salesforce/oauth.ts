// OAuth 2.0 endpoints: the authorize consent page (so "Connect Salesforce" works in a real
// browser), the token endpoint (authorization_code with PKCE, refresh_token,
// client_credentials, password), revoke, userinfo and the identity URL.

import { createHmac, timingSafeEqual } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { describeIssues } from "./errors";
import { normalizeId } from "./ids";
import type { EmulatorState } from "./state";
import { pkceS256, type AccessToken, type ConnectedApp } from "./tokens";
import type { SfRecord } from "./values";

const JSON_TYPE = "application/json;charset=UTF-8";
const DEFAULT_SCOPE = "api refresh_token";

class OAuthError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    description: string,
  ) {
    super(description);
  }
}

function sendOAuthError(reply: FastifyReply, err: OAuthError): FastifyReply {
  return reply.code(err.status).header("content-type", JSON_TYPE).send(JSON.stringify({ error: err.error, error_description: err.message }));
}

function formParams(req: FastifyRequest): URLSearchParams {
  const params = new URLSearchParams();
  const body = typeof req.body === "string" ? req.body : "";
  const contentType = String(req.headers["content-type"] ?? "");
  if (contentType.includes("application/json") && body.trim().startsWith("{")) {
    try {
      for (const [k, v] of Object.entries(JSON.parse(body) as Record<string, unknown>)) params.set(k, String(v));
    } catch {
      throw new OAuthError(400, "invalid_request", "request body is not valid JSON");
    }
  } else {
    for (const [k, v] of new URLSearchParams(body)) params.set(k, v);
  }
  const url = new URL(req.url, "http://emulator");
  for (const [k, v] of url.searchParams) if (!params.has(k)) params.set(k, v);
  return params;
}

function html(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;background:#f3f3f3;margin:0;color:#181818}
main{max-width:420px;margin:64px auto;background:#fff;border-radius:8px;padding:32px;box-shadow:0 2px 8px rgba(0,0,0,.12)}
h1{font-size:20px;margin:0 0 16px} .org{color:#555;font-size:14px} .sandbox{background:#fff3cd;border:1px solid #e0c36a;padding:6px 10px;border-radius:4px;font-size:13px}
ul{padding-left:20px;font-size:14px} label{display:block;font-size:14px;margin:12px 0 4px} select{width:100%;padding:6px}
.actions{display:flex;gap:12px;margin-top:24px} button{flex:1;padding:10px;border-radius:4px;font-size:15px;cursor:pointer;border:1px solid #0176d3}
button[value=approve]{background:#0176d3;color:#fff} button[value=deny]{background:#fff;color:#0176d3}
.error{color:#ba0517}
</style></head><body><main>${body}</main></body></html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

function errorPage(reply: FastifyReply, status: number, code: string, description: string): FastifyReply {
  return reply
    .code(status)
    .header("content-type", "text/html;charset=UTF-8")
    .send(html("Authorization error", `<h1>Authorization error</h1><p class="error">error=${escapeHtml(code)}</p><p>${escapeHtml(description)}</p>`));
}

function redirectWith(reply: FastifyReply, redirectUri: string, params: Record<string, string | undefined>): FastifyReply {
  const url = new URL(redirectUri);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
  return reply.code(302).header("location", url.toString()).send();
}

const authorizeQuery = z.object({
  response_type: z.string().optional(),
  client_id: z.string().min(1, "client_id is required"),
  redirect_uri: z.string().min(1, "redirect_uri is required"),
  state: z.string().optional(),
  scope: z.string().optional(),
  code_challenge: z.string().min(43).max(128).optional(),
  code_challenge_method: z.string().optional(),
});

function isHttpUrl(text: string): boolean {
  try {
    const u = new URL(text);
    return u.protocol === "http:" || u.protocol === "https:";
  } catch {
    return false;
  }
}

function activeUsers(state: EmulatorState): SfRecord[] {
  const meta = state.org.object("User")!;
  return [...state.org.store.table(meta).byId.values()].filter((u) => u.IsActive === true);
}

function authorizePage(state: EmulatorState, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  const params = Object.fromEntries(new URL(req.url, "http://emulator").searchParams);
  const parsed = authorizeQuery.safeParse(params);
  if (!parsed.success) return errorPage(reply, 400, "invalid_request", describeIssues(parsed.error.issues));
  const q = parsed.data;
  const app = state.tokens.apps.get(q.client_id);
  if (!app) return errorPage(reply, 400, "invalid_client_id", "client identifier invalid");
  if (!isHttpUrl(q.redirect_uri)) return errorPage(reply, 400, "redirect_uri_mismatch", "redirect_uri must match configuration");
  if (q.response_type !== "code") {
    return redirectWith(reply, q.redirect_uri, {
      error: "unsupported_response_type",
      error_description: "response type not supported",
      state: q.state,
    });
  }
  const method = (q.code_challenge_method ?? "S256").toUpperCase();
  if (method !== "S256" && method !== "PLAIN") {
    return redirectWith(reply, q.redirect_uri, { error: "invalid_request", error_description: "unsupported code_challenge_method", state: q.state });
  }
  const pending = state.tokens.createPending({
    clientId: app.clientId,
    redirectUri: q.redirect_uri,
    state: q.state,
    scope: q.scope?.trim() || DEFAULT_SCOPE,
    codeChallenge: q.code_challenge,
    codeChallengeMethod: method === "PLAIN" ? "plain" : "S256",
  });
  const users = activeUsers(state);
  const options = users
    .map((u) => `<option value="${escapeHtml(String(u.Id))}"${u.Id === state.org.defaultUserId ? " selected" : ""}>${escapeHtml(String(u.Name ?? u.Username))} (${escapeHtml(String(u.Username))})</option>`)
    .join("");
  const org = state.org.info;
  const body = `
<h1>Allow access?</h1>
<p class="org">${escapeHtml(app.name)} is asking to access <strong>${escapeHtml(org.name)}</strong> (${escapeHtml(org.id)}).</p>
${org.isSandbox ? `<p class="sandbox">Sandbox org (test.salesforce.com)</p>` : ""}
<p>It will be able to:</p>
<ul>${pending.scope.split(/\s+/).map((s) => `<li>${escapeHtml(s)}</li>`).join("")}</ul>
<form method="post" action="/services/oauth2/authorize">
<input type="hidden" name="request_id" value="${escapeHtml(pending.id)}">
<label for="user_id">Log in as</label>
<select id="user_id" name="user_id">${options}</select>
<div class="actions">
<button type="submit" name="decision" value="deny">Deny</button>
<button type="submit" name="decision" value="approve">Approve</button>
</div>
</form>`;
  return reply.code(200).header("content-type", "text/html;charset=UTF-8").send(html("Allow access?", body));
}

const decisionForm = z.object({
  request_id: z.string().min(1),
  decision: z.enum(["approve", "deny"]),
  user_id: z.string().optional(),
});

function authorizeDecision(state: EmulatorState, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  const parsed = decisionForm.safeParse(Object.fromEntries(new URLSearchParams(typeof req.body === "string" ? req.body : "")));
  if (!parsed.success) return errorPage(reply, 400, "invalid_request", describeIssues(parsed.error.issues));
  const pending = state.tokens.takePending(parsed.data.request_id);
  if (!pending) return errorPage(reply, 400, "invalid_request", "This authorization request has expired or was already answered. Start again.");
  if (parsed.data.decision === "deny") {
    return redirectWith(reply, pending.redirectUri, {
      error: "access_denied",
      error_description: "end-user denied authorization",
      state: pending.state,
    });
  }
  const users = activeUsers(state);
  const user = users.find((u) => u.Id === parsed.data.user_id) ?? users.find((u) => u.Id === state.org.defaultUserId) ?? users[0];
  if (!user) return errorPage(reply, 400, "inactive_user", "no active user can approve this request");
  const code = state.tokens.createCode({
    clientId: pending.clientId,
    redirectUri: pending.redirectUri,
    userId: String(user.Id),
    scope: pending.scope,
    codeChallenge: pending.codeChallenge,
    codeChallengeMethod: pending.codeChallengeMethod,
  });
  return redirectWith(reply, pending.redirectUri, { code: code.code, state: pending.state });
}

function clientCredentials(req: FastifyRequest, params: URLSearchParams): { clientId?: string; clientSecret?: string } {
  const auth = req.headers.authorization;
  if (auth?.startsWith("Basic ")) {
    const decoded = Buffer.from(auth.slice(6), "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon > 0) return { clientId: decodeURIComponent(decoded.slice(0, colon)), clientSecret: decodeURIComponent(decoded.slice(colon + 1)) };
  }
  return { clientId: params.get("client_id") ?? undefined, clientSecret: params.get("client_secret") ?? undefined };
}

function secretMatches(app: ConnectedApp, secret: string): boolean {
  const a = Buffer.from(app.clientSecret);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}

function tokenResponse(state: EmulatorState, app: ConnectedApp, token: AccessToken, refreshToken?: string): Record<string, unknown> {
  const id = `${state.baseUrl}/id/${state.org.info.id}/${token.userId}`;
  const issuedAt = String(token.issuedAt);
  const signature = createHmac("sha256", app.clientSecret).update(id + issuedAt).digest("base64");
  return {
    access_token: token.token,
    ...(refreshToken ? { refresh_token: refreshToken } : {}),
    signature,
    scope: token.scope,
    instance_url: state.baseUrl,
    id,
    token_type: "Bearer",
    issued_at: issuedAt,
  };
}

function wantsRefresh(scope: string): boolean {
  const scopes = scope.split(/\s+/);
  return scopes.includes("refresh_token") || scopes.includes("offline_access") || scopes.includes("full");
}

const tokenParams = z.object({
  grant_type: z.string({ error: "grant type is missing" }).min(1, "grant type is missing"),
  code: z.string().max(4096).optional(),
  redirect_uri: z.string().max(4096).optional(),
  code_verifier: z.string().max(256).optional(),
  refresh_token: z.string().max(4096).optional(),
  client_id: z.string().max(256).optional(),
  client_secret: z.string().max(256).optional(),
  username: z.string().max(256).optional(),
  password: z.string().max(1024).optional(),
  scope: z.string().max(1024).optional(),
});

function token(state: EmulatorState, req: FastifyRequest): Record<string, unknown> {
  const params = formParams(req);
  const checked = tokenParams.safeParse(Object.fromEntries(params));
  if (!checked.success) throw new OAuthError(400, "invalid_request", checked.error.issues[0]?.message ?? "invalid request");
  const grant = checked.data.grant_type;
  const { clientId, clientSecret } = clientCredentials(req, params);
  if (!clientId) throw new OAuthError(400, "invalid_client_id", "client identifier invalid");
  const app = state.tokens.apps.get(clientId);
  if (!app) throw new OAuthError(400, "invalid_client_id", "client identifier invalid");
  if (clientSecret !== undefined && !secretMatches(app, clientSecret)) {
    throw new OAuthError(400, "invalid_client", "invalid client credentials");
  }
  switch (grant) {
    case "authorization_code": {
      const code = state.tokens.takeCode(params.get("code") ?? "");
      if (!code || code.clientId !== app.clientId) throw new OAuthError(400, "invalid_grant", "invalid authorization code");
      if ((params.get("redirect_uri") ?? "") !== code.redirectUri) {
        throw new OAuthError(400, "redirect_uri_mismatch", "redirect_uri must match configuration");
      }
      if (code.codeChallenge) {
        const verifier = params.get("code_verifier") ?? "";
        const expected = code.codeChallengeMethod === "plain" ? verifier : pkceS256(verifier);
        if (verifier === "" || expected !== code.codeChallenge) throw new OAuthError(400, "invalid_grant", "invalid code verifier");
      } else if (clientSecret === undefined) {
        throw new OAuthError(400, "invalid_client", "invalid client credentials");
      }
      const refresh = wantsRefresh(code.scope) ? state.tokens.issueRefresh(code.userId, app.clientId, code.scope) : undefined;
      const access = state.tokens.issueAccess(code.userId, app.clientId, code.scope, refresh?.token);
      state.markDirty();
      return tokenResponse(state, app, access, refresh?.token);
    }
    case "refresh_token": {
      const refresh = state.tokens.getRefresh(params.get("refresh_token") ?? "");
      if (!refresh || refresh.clientId !== app.clientId) throw new OAuthError(400, "invalid_grant", "expired access/refresh token");
      const access = state.tokens.issueAccess(refresh.userId, app.clientId, refresh.scope, refresh.token);
      state.markDirty();
      return tokenResponse(state, app, access);
    }
    case "client_credentials": {
      if (clientSecret === undefined) throw new OAuthError(400, "invalid_client", "invalid client credentials");
      const access = state.tokens.issueAccess(state.org.defaultUserId, app.clientId, "api");
      state.markDirty();
      return tokenResponse(state, app, access);
    }
    case "password": {
      if (clientSecret === undefined) throw new OAuthError(400, "invalid_client", "invalid client credentials");
      const username = (params.get("username") ?? "").toLowerCase();
      const user = activeUsers(state).find((u) => String(u.Username).toLowerCase() === username);
      if (!user || (params.get("password") ?? "") === "") throw new OAuthError(400, "invalid_grant", "authentication failure");
      const access = state.tokens.issueAccess(String(user.Id), app.clientId, "api");
      state.markDirty();
      return tokenResponse(state, app, access);
    }
    default:
      throw new OAuthError(400, "unsupported_grant_type", "grant type not supported");
  }
}

/** Bearer / OAuth header, or ?oauth_token= as the identity URL allows. */
export function bearerToken(req: FastifyRequest): string | undefined {
  const auth = req.headers.authorization;
  if (auth) {
    const m = /^(Bearer|OAuth)\s+(.+)$/i.exec(auth.trim());
    if (m) return m[2]!.trim();
  }
  const q = new URL(req.url, "http://emulator").searchParams.get("oauth_token");
  return q ?? undefined;
}

function identityBody(state: EmulatorState, user: SfRecord): Record<string, unknown> {
  const base = state.baseUrl;
  const orgId = state.org.info.id;
  const rest = (path: string): string => `${base}/services/data/v{version}/${path}`;
  return {
    id: `${base}/id/${orgId}/${String(user.Id)}`,
    asserted_user: true,
    user_id: user.Id,
    organization_id: orgId,
    username: user.Username,
    nick_name: user.Alias,
    display_name: user.Name,
    email: user.Email,
    email_verified: true,
    first_name: user.FirstName,
    last_name: user.LastName,
    timezone: user.TimeZoneSidKey,
    photos: { picture: `${base}/profilephoto/005/F`, thumbnail: `${base}/profilephoto/005/T` },
    addr_street: null,
    addr_city: null,
    addr_state: null,
    addr_country: null,
    addr_zip: null,
    mobile_phone: user.MobilePhone,
    mobile_phone_verified: false,
    is_lightning_login_user: false,
    status: { created_date: null, body: null },
    urls: {
      enterprise: `${base}/services/Soap/c/{version}/${orgId.slice(0, 15)}`,
      metadata: `${base}/services/Soap/m/{version}/${orgId.slice(0, 15)}`,
      partner: `${base}/services/Soap/u/{version}/${orgId.slice(0, 15)}`,
      rest: rest(""),
      sobjects: rest("sobjects/"),
      search: rest("search/"),
      query: rest("query/"),
      recent: rest("recent/"),
      tooling_rest: rest("tooling/"),
      profile: `${base}/${String(user.Id)}`,
      feeds: rest("chatter/feeds"),
      groups: rest("chatter/groups"),
      users: rest("chatter/users"),
      feed_items: rest("chatter/feed-items"),
      feed_elements: rest("chatter/feed-elements"),
      custom_domain: base,
    },
    active: user.IsActive === true,
    user_type: String(user.UserType ?? "STANDARD").toUpperCase(),
    language: user.LanguageLocaleKey,
    locale: user.LocaleSidKey,
    utcOffset: 0,
    last_modified_date: user.LastModifiedDate,
    is_app_installed: true,
  };
}

function authenticatedUser(state: EmulatorState, req: FastifyRequest): SfRecord | undefined {
  const raw = bearerToken(req);
  const t = raw ? state.tokens.validate(raw) : undefined;
  if (!t || t === "expired") return undefined;
  const meta = state.org.object("User")!;
  return state.org.store.table(meta).get(t.userId);
}

const INVALID_SESSION = JSON.stringify([{ message: "Session expired or invalid", errorCode: "INVALID_SESSION_ID" }]);

export function registerOAuthRoutes(app: FastifyInstance, state: EmulatorState): void {
  app.get("/services/oauth2/authorize", async (req, reply) => authorizePage(state, req, reply));
  app.post("/services/oauth2/authorize", async (req, reply) => authorizeDecision(state, req, reply));

  app.post("/services/oauth2/token", async (req, reply) => {
    try {
      return reply.code(200).header("content-type", JSON_TYPE).send(JSON.stringify(token(state, req)));
    } catch (err) {
      if (err instanceof OAuthError) return sendOAuthError(reply, err);
      throw err;
    }
  });

  const revoke = async (req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    const params = formParams(req);
    const value = params.get("token") ?? "";
    if (value === "" || !state.tokens.revoke(value)) {
      return reply
        .code(400)
        .header("content-type", "application/x-www-form-urlencoded")
        .send("error=invalid_token&error_description=invalid%20token");
    }
    state.markDirty();
    return reply.code(200).send("");
  };
  app.post("/services/oauth2/revoke", revoke);
  app.get("/services/oauth2/revoke", revoke);

  app.get("/services/oauth2/userinfo", async (req, reply) => {
    const user = authenticatedUser(state, req);
    if (!user) return reply.code(401).header("content-type", JSON_TYPE).send(INVALID_SESSION);
    const identity = identityBody(state, user);
    const userinfo = {
      sub: identity.id,
      user_id: user.Id,
      organization_id: state.org.info.id,
      preferred_username: user.Username,
      nickname: user.Alias,
      name: user.Name,
      email: user.Email,
      email_verified: true,
      given_name: user.FirstName,
      family_name: user.LastName,
      zoneinfo: user.TimeZoneSidKey,
      photos: identity.photos,
      profile: (identity.urls as Record<string, string>).profile,
      picture: (identity.photos as Record<string, string>).picture,
      urls: identity.urls,
      active: user.IsActive === true,
      user_type: identity.user_type,
      language: user.LanguageLocaleKey,
      locale: user.LocaleSidKey,
      utcOffset: 0,
      updated_at: user.LastModifiedDate,
      is_app_installed: true,
    };
    return reply.code(200).header("content-type", JSON_TYPE).send(JSON.stringify(userinfo));
  });

  app.get("/id/:orgId/:userId", async (req, reply) => {
    const { orgId, userId } = req.params as { orgId: string; userId: string };
    const user = authenticatedUser(state, req);
    if (!user) return reply.code(401).header("content-type", JSON_TYPE).send(INVALID_SESSION);
    if (orgId.slice(0, 15) !== state.org.info.id.slice(0, 15)) {
      return reply.code(403).header("content-type", JSON_TYPE).send(JSON.stringify([{ message: "Bad_Id", errorCode: "INSUFFICIENT_ACCESS" }]));
    }
    const meta = state.org.object("User")!;
    const id = normalizeId(userId);
    const target = id ? state.org.store.table(meta).get(id) : undefined;
    if (!target) return reply.code(404).header("content-type", JSON_TYPE).send(JSON.stringify([{ message: "Bad_Id", errorCode: "NOT_FOUND" }]));
    return reply.code(200).header("content-type", JSON_TYPE).send(JSON.stringify(identityBody(state, target)));
  });
}
