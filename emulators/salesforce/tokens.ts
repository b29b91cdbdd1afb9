// OAuth state: connected apps, authorization codes, access and refresh tokens. Access tokens
// expire on the emulator clock, so advancing the clock (or POST /__emulator/expire-tokens)
// produces the 401 that makes jsforce refresh.

import { createHash, randomBytes } from "node:crypto";

export interface ConnectedApp {
  clientId: string;
  clientSecret: string;
  name: string;
}

/** The demo connected app; documented in README.md. */
export const DEMO_APP: ConnectedApp = {
  clientId: "clearinghouse-demo",
  clientSecret: "clearinghouse-demo-secret",
  name: "Clearinghouse (demo)",
};

export interface AccessToken {
  token: string;
  userId: string;
  clientId: string;
  scope: string;
  issuedAt: number;
  expiresAt: number;
  refreshToken?: string;
  revoked: boolean;
}

export interface RefreshToken {
  token: string;
  userId: string;
  clientId: string;
  scope: string;
  revoked: boolean;
}

export interface AuthorizationCode {
  code: string;
  clientId: string;
  redirectUri: string;
  userId: string;
  scope: string;
  codeChallenge?: string;
  codeChallengeMethod: "S256" | "plain";
  expiresAt: number;
}

/** A consent page that was shown and not yet answered. */
export interface PendingAuthorization {
  id: string;
  clientId: string;
  redirectUri: string;
  state?: string;
  scope: string;
  codeChallenge?: string;
  codeChallengeMethod: "S256" | "plain";
  expiresAt: number;
}

const CODE_TTL_MS = 15 * 60_000;

function opaque(bytes: number): string {
  return randomBytes(bytes).toString("base64url");
}

export function pkceS256(verifier: string): string {
  return createHash("sha256").update(verifier).digest("base64url");
}

export class TokenStore {
  readonly apps = new Map<string, ConnectedApp>([[DEMO_APP.clientId, DEMO_APP]]);
  private readonly access = new Map<string, AccessToken>();
  private readonly refresh = new Map<string, RefreshToken>();
  private readonly codes = new Map<string, AuthorizationCode>();
  private readonly pending = new Map<string, PendingAuthorization>();

  constructor(
    private readonly orgId15: () => string,
    private readonly now: () => number,
    public ttlMs: number,
  ) {}

  createPending(p: Omit<PendingAuthorization, "id" | "expiresAt">): PendingAuthorization {
    const entry: PendingAuthorization = { ...p, id: opaque(18), expiresAt: this.now() + CODE_TTL_MS };
    this.pending.set(entry.id, entry);
    return entry;
  }

  takePending(id: string): PendingAuthorization | undefined {
    const p = this.pending.get(id);
    this.pending.delete(id);
    return p && p.expiresAt > this.now() ? p : undefined;
  }

  createCode(c: Omit<AuthorizationCode, "code" | "expiresAt">): AuthorizationCode {
    const code: AuthorizationCode = { ...c, code: `aPrx${opaque(36)}`, expiresAt: this.now() + CODE_TTL_MS };
    this.codes.set(code.code, code);
    return code;
  }

  /** Codes are single-use: a second exchange fails even within the lifetime. */
  takeCode(code: string): AuthorizationCode | undefined {
    const c = this.codes.get(code);
    this.codes.delete(code);
    return c && c.expiresAt > this.now() ? c : undefined;
  }

  issueAccess(userId: string, clientId: string, scope: string, refreshToken?: string): AccessToken {
    const now = this.now();
    const token: AccessToken = {
      token: `${this.orgId15()}!${opaque(72)}`,
      userId,
      clientId,
      scope,
      issuedAt: now,
      expiresAt: now + this.ttlMs,
      refreshToken,
      revoked: false,
    };
    this.access.set(token.token, token);
    return token;
  }

  issueRefresh(userId: string, clientId: string, scope: string): RefreshToken {
    const token: RefreshToken = { token: `5Aep${opaque(60)}`, userId, clientId, scope, revoked: false };
    this.refresh.set(token.token, token);
    return token;
  }

  getRefresh(token: string): RefreshToken | undefined {
    const t = this.refresh.get(token);
    return t && !t.revoked ? t : undefined;
  }

  /** The token when valid, "expired" when known but no longer usable, undefined when unknown. */
  validate(token: string): AccessToken | "expired" | undefined {
    const t = this.access.get(token);
    if (!t) return undefined;
    if (t.revoked || t.expiresAt <= this.now()) return "expired";
    if (t.refreshToken && this.refresh.get(t.refreshToken)?.revoked) return "expired";
    return t;
  }

  /** Revokes an access token, or a refresh token together with the access tokens it minted. */
  revoke(token: string): boolean {
    const a = this.access.get(token);
    if (a) {
      a.revoked = true;
      return true;
    }
    const r = this.refresh.get(token);
    if (!r) return false;
    r.revoked = true;
    for (const t of this.access.values()) if (t.refreshToken === token) t.revoked = true;
    return true;
  }

  expireAllAccessTokens(): number {
    const now = this.now();
    let n = 0;
    for (const t of this.access.values()) {
      if (t.expiresAt > now) {
        t.expiresAt = now;
        n++;
      }
    }
    return n;
  }

  clear(): void {
    this.access.clear();
    this.refresh.clear();
    this.codes.clear();
    this.pending.clear();
  }

  snapshot(): { access: AccessToken[]; refresh: RefreshToken[] } {
    return { access: [...this.access.values()], refresh: [...this.refresh.values()] };
  }

  restore(s: { access: AccessToken[]; refresh: RefreshToken[] }): void {
    for (const t of s.access) this.access.set(t.token, t);
    for (const t of s.refresh) this.refresh.set(t.token, t);
  }
}
