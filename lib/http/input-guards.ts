import { randomUUID } from "node:crypto";
import { z } from "zod";
import { AppError, errorResponse, isAppError } from "@/lib/errors";
import { logger } from "@/lib/logger";

// What hostile or broken input meets before any schema or query sees it. A fuzzing run found 58
// requests out of 1,802 answered 5xx: a NUL or a lone surrogate reached PostgreSQL (22021/22P05),
// a year-0 date reached a timestamp column, "constructor" matched a built-in property of a lookup
// table, and next-auth answered 500 to requests no sign-in form makes. Each guard here turns one
// of those into a 4xx with a sentence.

/** The largest request body any route reads. The biggest real one (a full set of match rules) is a few kB. */
export const MAX_BODY_BYTES = 1_000_000;
const MAX_BODY_LABEL = "1 MB";

function bodyTooLarge(): AppError {
  return new AppError("PAYLOAD_TOO_LARGE", `The request body is larger than ${MAX_BODY_LABEL}, the most this console accepts. Send less at once.`);
}

/** Refuses a body whose declared Content-Length is over the limit, before a byte of it is read. */
export function refuseOversizeBody(request: Request, limit = MAX_BODY_BYTES): void {
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > limit) throw bodyTooLarge();
}

/**
 * Reads the body as UTF-8 text, counting bytes as they arrive: a chunked body (no Content-Length)
 * or one that lies about its length is cut off at the limit rather than read in full.
 */
export async function readBodyText(request: Request, limit = MAX_BODY_BYTES): Promise<string> {
  refuseOversizeBody(request, limit);
  if (!request.body) return "";
  const reader = request.body.getReader();
  const decoder = new TextDecoder();
  let size = 0;
  let text = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      // Not awaited: on a tee'd body (a clone) cancel settles only once both branches are cancelled.
      reader.cancel().catch(() => undefined);
      throw bodyTooLarge();
    }
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}

// PostgreSQL stores no NUL (text: 22021, jsonb: 22P05), and a lone UTF-16 surrogate has no UTF-8
// form: the driver writes U+FFFD in its place (a silently changed name) and jsonb refuses its
// escape. A string holding either is refused here instead of failing or corrupting a write.
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function isStorableText(value: string): boolean {
  return !UNSTORABLE.test(value);
}

/** The dotted path of the first string (value or key) PostgreSQL cannot store, or null. */
export function findUnstorableText(value: unknown, path: string[] = [], depth = 0): string | null {
  const here = () => path.join(".") || "_";
  if (typeof value === "string") return isStorableText(value) ? null : here();
  // JSON.parse nests at most as deep as the body is long; 1 MB of "[" is still a bounded walk,
  // but there is no real input this deep.
  if (depth > 64) return value !== null && typeof value === "object" ? here() : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findUnstorableText(value[i], [...path, String(i)], depth + 1);
      if (found) return found;
    }
    return null;
  }
  if (value !== null && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      if (!isStorableText(key)) return [...path, key.replace(UNSTORABLE, "?")].join(".");
      const found = findUnstorableText(item, [...path, key], depth + 1);
      if (found) return found;
    }
  }
  return null;
}

/** Throws INVALID_INPUT naming the field when a body or query holds text PostgreSQL cannot store. */
export function refuseUnstorableText(value: unknown): void {
  const field = findUnstorableText(value);
  if (field === null) return;
  const where = field === "_" ? "" : ` in ${field}`;
  throw new AppError(
    "INVALID_INPUT",
    `Remove the control or broken character${where} (such as a NUL, \\u0000): it cannot be stored.`,
    { [field]: "Contains a character that cannot be stored" },
  );
}

/** The query string as one object of strings, refused when a value cannot be stored. */
export function queryObject(url: URL): Record<string, string> {
  const query = Object.fromEntries(url.searchParams);
  refuseUnstorableText(query);
  return query;
}

// Our ids are cuids, Salesforce ids (18) and run ids (≤ 64); nothing real is longer than this.
const MAX_PARAM_LENGTH = 200;

/**
 * Path params as Next hands them over: already percent-decoded once (a literal "%41" in an id
 * arrives as "%41" only if the address said "%2541", so decoding again would change the id). An
 * address that does not decode ("%ZZ") never reaches a handler: Next answers it itself (see
 * `undecodablePathSegment`). What can arrive is a NUL ("%00"), an array (a catch-all segment) or
 * an id thousands of characters long; no record has such an id, so the answer is 404.
 */
export function routeParams(raw: unknown): Record<string, string> {
  const params: Record<string, string> = {};
  if (raw === null || raw === undefined || typeof raw !== "object") return params;
  for (const [name, value] of Object.entries(raw)) {
    const text = Array.isArray(value) ? value.join("/") : value;
    if (typeof text !== "string" || text.length > MAX_PARAM_LENGTH || !isStorableText(text)) {
      throw new AppError("NOT_FOUND", `Nothing exists at this address: its ${name} holds characters no ${name} has. Check the link.`);
    }
    params[name] = text;
  }
  return params;
}

/**
 * The first path segment `decodeURIComponent` refuses ("%ZZ", "%E0%A4%A"), or null. Next 16
 * decodes dynamic segments while matching the route, before any handler runs, and in a
 * production build answers such an address with a 500 (vercel/next.js#92527): only a proxy
 * (middleware), which runs before that matching, can answer it with a 400 first.
 */
export function undecodablePathSegment(pathname: string): string | null {
  for (const segment of pathname.split("/")) {
    try {
      decodeURIComponent(segment);
    } catch {
      return segment;
    }
  }
  return null;
}

/** The 400 a proxy answers for an address that does not decode. */
export function undecodablePathResponse(pathname: string): Response | null {
  const segment = undecodablePathSegment(pathname);
  if (segment === null) return null;
  return errorResponse(
    new AppError("BAD_REQUEST", `This address is not valid: "${segment.slice(0, 40)}" is not a complete percent-escape (such as %20). Check the link.`),
  );
}

// Filter dates go straight into timestamp comparisons. JavaScript dates reach years PostgreSQL
// refuses (year 0, "+275760-09-13") and Prisma sends them as ISO text that fails the query, so
// the range is fenced here. Any audit entry, run or record falls well inside it.
const EARLIEST_FILTER_DATE = new Date("1900-01-01T00:00:00.000Z");
const LATEST_FILTER_DATE = new Date("9999-12-31T23:59:59.999Z");

/** A date in a list filter (query string): a real calendar date between 1900 and 9999. */
export const filterDateSchema = z.coerce
  .date({ error: "Use a date such as 2026-01-31" })
  .min(EARLIEST_FILTER_DATE, "Use a date from 1900-01-01 on")
  .max(LATEST_FILTER_DATE, "Use a date up to 9999-12-31");

/**
 * `table[key]` for a plain object used as a lookup table, without its prototype: "constructor",
 * "__proto__", "toString" or "hasOwnProperty" are not entries, whatever Object.prototype holds.
 */
export function ownEntry<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

// ---------------------------------------------------------------- next-auth's endpoints

type SignInRouteHandler = (request: Request, context: { params: Promise<{ nextauth?: string[] }> }) => Promise<Response>;

export interface SignInGuardOptions {
  /** Providers of type "credentials": their callback takes a POST from the form, never a GET. */
  credentialsProviderIds: readonly string[];
  /** Cookie names next-auth keeps the callback URL in (both the plain and the __Secure- one). */
  callbackUrlCookies: readonly string[];
}

/** next-auth's own rule (core/lib/assert.js): a path on this site, or an absolute http(s) URL. */
export function isSignInCallbackUrl(value: string): boolean {
  if (!isStorableText(value) || /[\u0000-\u001f\u007f]/.test(value)) return false;
  try {
    const url = value.startsWith("/") ? new URL(value, "http://localhost") : new URL(value);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}

function badSignInRequest(message: string): AppError {
  return new AppError("BAD_REQUEST", message);
}

function cookieValues(header: string | null, names: readonly string[]): string[] {
  if (!header) return [];
  const values: string[] = [];
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0 || !names.includes(part.slice(0, eq).trim())) continue;
    const raw = part.slice(eq + 1).trim();
    try {
      values.push(decodeURIComponent(raw));
    } catch {
      values.push(raw);
    }
  }
  return values;
}

/** The body as next-auth will read it (next-auth/next/utils.js getBody), read within the size limit. */
async function signInBody(request: Request): Promise<Record<string, unknown> | undefined> {
  if (request.method !== "POST" || !request.body) return undefined;
  const contentType = request.headers.get("content-type") ?? "";
  // Read from a clone, so next-auth still finds the body; past the limit both copies are dropped.
  const text = await readBodyText(request.clone()).catch((error: unknown) => {
    request.body?.cancel().catch(() => undefined);
    throw error;
  });
  if (contentType.includes("application/json")) {
    try {
      const parsed: unknown = JSON.parse(text);
      return parsed !== null && typeof parsed === "object" ? (parsed as Record<string, unknown>) : {};
    } catch {
      throw badSignInRequest("The sign-in request is not valid JSON. Sign in from the sign-in page.");
    }
  }
  if (contentType.includes("application/x-www-form-urlencoded")) return Object.fromEntries(new URLSearchParams(text));
  return undefined;
}

/** Throws a 4xx AppError for a request to next-auth that no sign-in page or form sends. */
export async function checkSignInRequest(request: Request, segments: readonly string[], options: SignInGuardOptions): Promise<void> {
  refuseOversizeBody(request);
  if (segments.some((s) => !isStorableText(s) || s.length > MAX_PARAM_LENGTH)) {
    throw badSignInRequest("This sign-in address is not valid. Open the sign-in page again.");
  }
  const [action, providerId] = segments;
  // next-auth answers 500 "Callback for provider type credentials not supported" to a GET here.
  if (action === "callback" && request.method !== "POST" && providerId !== undefined && options.credentialsProviderIds.includes(providerId)) {
    throw badSignInRequest("Email and password are sent by the sign-in form, not opened as a link. Open the sign-in page to sign in.");
  }
  const url = new URL(request.url);
  const body = await signInBody(request);
  const query = Object.fromEntries(url.searchParams);
  if (findUnstorableText(query) !== null || findUnstorableText(body ?? {}) !== null) {
    throw badSignInRequest("The sign-in request holds a control or broken character (such as a NUL, \\u0000). Sign in from the sign-in page.");
  }
  // next-auth answers 500 ("a problem with the server configuration") to a callbackUrl that is not
  // a URL in the query or the cookie, and throws "Invalid URL" on one in a form body.
  const callbackUrls = [query.callbackUrl, body?.callbackUrl, ...cookieValues(request.headers.get("cookie"), options.callbackUrlCookies)];
  for (const candidate of callbackUrls) {
    if (candidate === undefined || candidate === null || candidate === "") continue;
    if (typeof candidate !== "string" || !isSignInCallbackUrl(candidate)) {
      throw badSignInRequest(
        "The page to return to after signing in (callbackUrl) is not an address in this console. Open the sign-in page again; if it keeps happening, clear this site's cookies.",
      );
    }
  }
}

/**
 * Wraps next-auth's route handler: requests no sign-in page sends get a 400 with a sentence
 * instead of next-auth's 500, bodies are capped like every other route's, and anything next-auth
 * throws on input it could not read is a 400 too (other throws are logged and answered 503).
 */
export function guardSignInEndpoint<H extends SignInRouteHandler>(handler: H, options: SignInGuardOptions): SignInRouteHandler {
  return async (request, context) => {
    try {
      const params = await context.params;
      await checkSignInRequest(request, params?.nextauth ?? [], options);
      return await handler(request, context);
    } catch (error) {
      if (isAppError(error)) return errorResponse(error);
      if (error instanceof TypeError || error instanceof SyntaxError || error instanceof URIError) {
        logger.warn({ err: error }, "next-auth could not read a sign-in request");
        return errorResponse(badSignInRequest("The sign-in request could not be read. Open the sign-in page and try again."));
      }
      const reference = randomUUID().slice(0, 8);
      logger.error({ err: error, reference }, "unhandled error in next-auth");
      return errorResponse(
        new AppError("UNAVAILABLE", `Signing in failed on our side. Try again; if it keeps happening, check the server log for reference ${reference}.`),
      );
    }
  };
}
