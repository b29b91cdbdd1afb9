/**
 * For integration tests: drives next-auth's real handler (the same core the App Router route and
 * getServerSession run) with our `authOptions`, through its Node API entry point, which needs no
 * Next request scope. A cookie jar per client makes "copy the cookie, sign out, reuse the copy" a
 * two-line test.
 */
import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/options";

export interface NextAuthResult {
  status: number;
  body: unknown;
  /** Where next-auth sent the browser (JSON `url` or a Location header), if anywhere. */
  url: string | null;
}

export const SESSION_COOKIE = "next-auth.session-token";

export class NextAuthTestClient {
  readonly cookies = new Map<string, string>();

  constructor(readonly headers: Record<string, string> = {}) {}

  async call(method: "GET" | "POST", path: string[], body?: Record<string, string>): Promise<NextAuthResult> {
    const req = {
      method,
      query: { nextauth: path },
      body,
      cookies: Object.fromEntries(this.cookies),
      headers: { host: "localhost:3000", ...this.headers },
    };
    const headers = new Map<string, string | string[]>();
    const result: NextAuthResult = { status: 200, body: undefined, url: null };
    const res = {
      status(code: number) {
        result.status = code;
        return res;
      },
      getHeader: (name: string) => headers.get(name.toLowerCase()),
      setHeader(name: string, value: string | string[]) {
        headers.set(name.toLowerCase(), value);
        return res;
      },
      send(payload: unknown) {
        result.body = payload;
        return res;
      },
      json(payload: unknown) {
        result.body = payload;
        return res;
      },
      end() {
        return res;
      },
    };
    await (NextAuth as unknown as (req: unknown, res: unknown, options: typeof authOptions) => Promise<void>)(req, res, authOptions);
    const setCookies = headers.get("set-cookie") ?? [];
    for (const line of Array.isArray(setCookies) ? setCookies : [setCookies]) this.applySetCookie(line);
    const location = headers.get("location");
    const jsonUrl = (result.body as { url?: unknown } | undefined)?.url;
    result.url = typeof location === "string" ? location : typeof jsonUrl === "string" ? jsonUrl : null;
    return result;
  }

  private applySetCookie(line: string) {
    const [pair, ...attributes] = line.split(";");
    const eq = pair!.indexOf("=");
    const name = pair!.slice(0, eq).trim();
    const value = decodeURIComponent(pair!.slice(eq + 1).trim());
    const expired = attributes.some((a) => {
      const [k, v] = a.trim().split("=");
      if (k?.toLowerCase() === "max-age") return Number(v) <= 0;
      if (k?.toLowerCase() === "expires") return new Date(v ?? "").getTime() < Date.now();
      return false;
    });
    if (expired || value === "") this.cookies.delete(name);
    else this.cookies.set(name, value);
  }

  async csrfToken(): Promise<string> {
    const r = await this.call("GET", ["csrf"]);
    return (r.body as { csrfToken: string }).csrfToken;
  }

  /** Signs in with email and password as the sign-in form does (redirect: false → JSON). */
  async signIn(email: string, password: string, callbackUrl = "http://localhost:3000/"): Promise<NextAuthResult> {
    const csrfToken = await this.csrfToken();
    return this.call("POST", ["callback", "credentials"], { email, password, csrfToken, callbackUrl, json: "true" });
  }

  async signOut(): Promise<NextAuthResult> {
    const csrfToken = await this.csrfToken();
    return this.call("POST", ["signout"], { csrfToken, callbackUrl: "http://localhost:3000/signin", json: "true" });
  }

  /** What GET /api/auth/session answers; getServerSession runs the same code. */
  async session(): Promise<{ user?: { id?: string; email?: string | null } } | null> {
    const r = await this.call("GET", ["session"]);
    const body = typeof r.body === "string" ? (JSON.parse(r.body) as unknown) : r.body;
    return body && typeof body === "object" && Object.keys(body).length > 0 ? (body as { user?: { id?: string } }) : null;
  }

  sessionCookie(): string | undefined {
    return this.cookies.get(SESSION_COOKIE);
  }
}

/** A client that presents a copied session cookie and nothing else. */
export function clientWithCookie(sessionCookie: string, headers: Record<string, string> = {}): NextAuthTestClient {
  const c = new NextAuthTestClient(headers);
  c.cookies.set(SESSION_COOKIE, sessionCookie);
  return c;
}
