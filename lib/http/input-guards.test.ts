import { describe, expect, it, vi } from "vitest";
import { AppError } from "@/lib/errors";
import {
  filterDateSchema,
  findUnstorableText,
  guardSignInEndpoint,
  isSignInCallbackUrl,
  MAX_BODY_BYTES,
  ownEntry,
  readBodyText,
  routeParams,
  undecodablePathResponse,
  undecodablePathSegment,
} from "@/lib/http/input-guards";

function appError(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error("expected an AppError");
}

async function rejection(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  if (e instanceof AppError) return e;
  throw new Error(`expected an AppError, got ${String(e)}`);
}

/** A body of `chunks` × 64 kB with no Content-Length, counting how many chunks were pulled. */
function chunkedBody(chunks: number) {
  const state = { pulled: 0 };
  const chunk = new Uint8Array(64 * 1024).fill(0x78);
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (state.pulled >= chunks) return controller.close();
      state.pulled++;
      controller.enqueue(chunk);
    },
  });
  return { state, request: new Request("http://localhost/x", { method: "POST", body: stream, duplex: "half" } as RequestInit) };
}

describe("readBodyText", () => {
  it("reads a body within the limit, multi-byte characters split across chunks included", async () => {
    const bytes = new TextEncoder().encode('{"name":"Zoë 💩"}');
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const b of bytes) controller.enqueue(new Uint8Array([b])); // one byte per chunk
        controller.close();
      },
    });
    const request = new Request("http://localhost/x", { method: "POST", body: stream, duplex: "half" } as RequestInit);
    expect(await readBodyText(request)).toBe('{"name":"Zoë 💩"}');
  });

  it("refuses a declared Content-Length over the limit before reading (413, says 1 MB)", async () => {
    const request = new Request("http://localhost/x", { method: "POST", body: "{}", headers: { "content-length": String(MAX_BODY_BYTES + 1) } });
    const error = await rejection(readBodyText(request));
    expect(error.status).toBe(413);
    expect(error.message).toMatch(/1 MB/);
    expect(request.bodyUsed).toBe(false);
  });

  it("counts a chunked body while reading and stops at the limit", async () => {
    const { state, request } = chunkedBody(160); // 10 MB on offer
    expect((await rejection(readBodyText(request))).status).toBe(413);
    expect(state.pulled).toBeLessThanOrEqual(Math.ceil(MAX_BODY_BYTES / (64 * 1024)) + 2);
  });

  it("reads an empty or missing body as empty text", async () => {
    expect(await readBodyText(new Request("http://localhost/x"))).toBe("");
    expect(await readBodyText(new Request("http://localhost/x", { method: "POST", body: "" }))).toBe("");
  });
});

describe("findUnstorableText", () => {
  it("finds a NUL or a lone surrogate in nested values and keys, by path", () => {
    expect(findUnstorableText({ a: [{ b: "x\u0000" }] })).toBe("a.0.b");
    expect(findUnstorableText({ rules: { accounts: ["\ud800"] } })).toBe("rules.accounts.0");
    expect(findUnstorableText({ ok: "fine", "bad\u0000key": 1 })).toBe("bad?key");
    expect(findUnstorableText("\udc00")).toBe("_");
  });

  it("passes ordinary text, surrogate pairs, escapes as text and non-strings", () => {
    expect(findUnstorableText({ a: "Zoë 💩 %00 \\u0000 \r\n", n: 1, b: true, z: null, list: [1, "x"] })).toBeNull();
  });

  it("stops at a depth no real input has", () => {
    let deep: unknown = "x";
    for (let i = 0; i < 100; i++) deep = [deep];
    expect(findUnstorableText(deep)).not.toBeNull();
  });
});

describe("routeParams", () => {
  it("passes ordinary ids and joins a catch-all", () => {
    expect(routeParams({ id: "clx123", rest: ["a", "b"] })).toEqual({ id: "clx123", rest: "a/b" });
    expect(routeParams(undefined)).toEqual({});
  });

  it("answers 404 for a NUL, a lone surrogate or an id no record has the length of", () => {
    for (const id of ["a\u0000b", "\ud800", "x".repeat(201)]) {
      const error = appError(() => routeParams({ id }));
      expect(error.status, JSON.stringify(id.slice(0, 10))).toBe(404);
      expect(error.message).toMatch(/id/);
    }
  });
});

describe("undecodablePathSegment", () => {
  it("names the segment decodeURIComponent refuses", () => {
    expect(undecodablePathSegment("/api/integrations/%ZZ/test")).toBe("%ZZ");
    expect(undecodablePathSegment("/api/users/%E0%A4%A")).toBe("%E0%A4%A");
    expect(undecodablePathSegment("/api/users/a%20b/%00")).toBeNull();
  });

  it("answers 400 with a sentence, or null when the address decodes", async () => {
    const res = undecodablePathResponse("/api/integrations/%ZZ/test")!;
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/percent-escape/);
    expect(undecodablePathResponse("/api/integrations/abc/test")).toBeNull();
  });
});

describe("filterDateSchema", () => {
  it("accepts calendar dates between 1900 and 9999", () => {
    expect(filterDateSchema.parse("2026-01-31").toISOString()).toBe("2026-01-31T00:00:00.000Z");
    expect(filterDateSchema.safeParse("1900-01-01").success).toBe(true);
    expect(filterDateSchema.safeParse("9999-12-31").success).toBe(true);
  });

  it("refuses years PostgreSQL has no timestamp for, and non-dates", () => {
    for (const v of ["0000-01-01", "-000001-01-01", "+275760-09-13", "1899-12-31", "9999-99-99", "not a date", "1e400"]) {
      expect(filterDateSchema.safeParse(v).success, v).toBe(false);
    }
  });
});

describe("ownEntry", () => {
  it("finds own entries only, never Object's built-ins", () => {
    const regions: Record<string, string> = { us: "https://app.pendo.io", eu: "https://app.eu.pendo.io" };
    expect(ownEntry(regions, "us")).toBe("https://app.pendo.io");
    for (const key of ["constructor", "__proto__", "toString", "hasOwnProperty", "valueOf"]) expect(ownEntry(regions, key), key).toBeUndefined();
  });
});

describe("isSignInCallbackUrl", () => {
  it("accepts a path on this site or an absolute http(s) URL, as next-auth requires", () => {
    for (const v of ["/", "/accounts?x=1", "http://localhost:3000/", "https://console.example.com/a"]) expect(isSignInCallbackUrl(v), v).toBe(true);
    for (const v of [":::", "javascript:alert(1)", "\u0000", "/a\u0000", "ftp://x", "data:text/html,x", "a\ud800"]) expect(isSignInCallbackUrl(v), v).toBe(false);
  });
});

describe("guardSignInEndpoint", () => {
  const options = { credentialsProviderIds: ["credentials"], callbackUrlCookies: ["next-auth.callback-url"] };
  const ctx = (...nextauth: string[]) => ({ params: Promise.resolve({ nextauth }) });
  const form = (path: string, body: string) =>
    new Request(`http://localhost/api/auth/${path}`, { method: "POST", body, headers: { "content-type": "application/x-www-form-urlencoded" } });

  it("answers 400 with a sentence to a GET on the credentials callback, without calling next-auth", async () => {
    const handler = vi.fn(async () => new Response(null, { status: 500 }));
    const res = await guardSignInEndpoint(handler, options)(new Request("http://localhost/api/auth/callback/credentials"), ctx("callback", "credentials"));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/sign-in form/);
    expect(handler).not.toHaveBeenCalled();
  });

  it("answers 400 to a callbackUrl that is not a URL, in the query, the form or the cookie", async () => {
    const handler = vi.fn(async () => new Response("ok"));
    const guarded = guardSignInEndpoint(handler, options);
    const cases: [Request, string[]][] = [
      [new Request("http://localhost/api/auth/signin/credentials?callbackUrl=%3A%3A", { method: "POST" }), ["signin", "credentials"]],
      [form("callback/credentials", "callbackUrl=javascript%3Aalert(1)"), ["callback", "credentials"]],
      [new Request("http://localhost/api/auth/session", { headers: { cookie: "a=b; next-auth.callback-url=%00" } }), ["session"]],
    ];
    for (const [request, path] of cases) expect((await guarded(request, ctx(...path))).status, request.url).toBe(400);
    expect(handler).not.toHaveBeenCalled();
  });

  it("lets an ordinary sign-in through, its body still readable by next-auth", async () => {
    const handler = vi.fn(async (request: Request) => new Response(await request.text()));
    const res = await guardSignInEndpoint(handler, options)(form("callback/credentials", "email=a%40b.c&callbackUrl=%2Faccounts"), ctx("callback", "credentials"));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("email=a%40b.c&callbackUrl=%2Faccounts");
  });

  it("answers 413 to an oversize body and 400 to malformed JSON or a NUL", async () => {
    const guarded = guardSignInEndpoint(async () => new Response("ok"), options);
    const { request: big } = chunkedBody(40);
    expect((await guarded(big, ctx("signin", "credentials"))).status).toBe(413);
    const json = new Request("http://localhost/api/auth/signin/credentials", { method: "POST", body: '{"a":', headers: { "content-type": "application/json" } });
    expect((await guarded(json, ctx("signin", "credentials"))).status).toBe(400);
    expect((await guarded(form("callback/credentials", "email=a%00b"), ctx("callback", "credentials"))).status).toBe(400);
    expect((await guarded(new Request("http://localhost/api/auth/x"), ctx("callback", "a\u0000"))).status).toBe(400);
  });

  it("turns what next-auth throws on unreadable input into a 400, anything else into a 503 with a reference", async () => {
    const throwing = (error: Error) => guardSignInEndpoint(async () => Promise.reject(error), options)(new Request("http://localhost/api/auth/session"), ctx("session"));
    expect((await throwing(new TypeError("Invalid URL"))).status).toBe(400);
    const res = await throwing(new Error("database is down"));
    expect(res.status).toBe(503);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/reference [0-9a-f]{8}/);
  });
});
