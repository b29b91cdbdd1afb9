// Every vendor failure becomes one VendorError: the vendor's code and words kept for logs, what
// kind of failure it is (decided here, once, for all three vendors), and (through
// describeVendorError) a sentence a person can act on.
export type VendorSystem = "salesforce" | "pendo" | "px";

/**
 * transient: retry after a delay (Clearinghouse does, see retry.ts); quota: a daily allowance is
 * spent, wait for the reset instead of hammering; admin: a person must fix credentials, a
 * permission or a setting; bug: Clearinghouse's request was wrong, a retry gets the same answer.
 */
export type VendorErrorKind = "transient" | "quota" | "admin" | "bug";

const SYSTEM_NAMES: Record<VendorSystem, string> = { salesforce: "Salesforce", pendo: "Pendo", px: "Gainsight PX" };

/** Socket-level failures (fetch/undici, node-fetch in jsforce) and our own timeout. */
const NETWORK_CODES = new Set([
  "ECONNRESET", "ECONNREFUSED", "ETIMEDOUT", "EAI_AGAIN", "ENOTFOUND", "EPIPE", "ENETUNREACH", "ENETDOWN", "EHOSTUNREACH", "EHOSTDOWN",
  "UND_ERR_SOCKET", "UND_ERR_CONNECT_TIMEOUT", "UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT", "TIMEOUT", "NETWORK",
]);

const CODE_KINDS: Record<string, VendorErrorKind> = {
  // Salesforce asks callers to retry these: a busy server, a row locked by another transaction
  // (the whole request is rolled back), a long request cut short, its generic 500.
  SERVER_UNAVAILABLE: "transient",
  UNABLE_TO_LOCK_ROW: "transient",
  REQUEST_RUNNING_TOO_LONG: "transient",
  QUERY_TIMEOUT: "transient",
  UNKNOWN_EXCEPTION: "transient",
  // A Bulk 2.0 query job that failed or outlived our polling (see salesforce/connection.ts).
  BULK_JOB_FAILED: "transient",
  BULK_POLL_TIMEOUT: "transient",
  // Salesforce's OAuth endpoint: 503 "retry your request", and its login rate limit.
  unknown_error: "transient",
  rate_limit_exceeded: "transient",
  // Refused credentials, a revoked token, a connected app or org setting: a person fixes these.
  invalid_grant: "admin",
  invalid_client: "admin",
  invalid_client_id: "admin",
  redirect_uri_mismatch: "admin",
  inactive_user: "admin",
  inactive_org: "admin",
  NO_REFRESH_TOKEN: "admin",
  // Only reaches us when jsforce's refresh-and-replay on 401 did not help.
  INVALID_SESSION_ID: "admin",
  API_DISABLED_FOR_ORG: "admin",
  API_CURRENTLY_DISABLED: "admin",
  FUNCTIONALITY_NOT_ENABLED: "admin",
  INSUFFICIENT_ACCESS: "admin",
  INSUFFICIENT_ACCESS_OR_READONLY: "admin",
  INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY: "admin",
};

export interface VendorErrorInit {
  system: VendorSystem;
  code: string;
  vendorMessage: string;
  status?: number;
  retryAfterMs?: number;
  /** Overrides the classification below. */
  kind?: VendorErrorKind;
  /** Legacy hint, used only when neither the code nor the status says anything. */
  retryable?: boolean;
  /** The answer's body as the vendor sent it (its start), for the run's failed calls. */
  responseBody?: string;
}

export function classifyVendorError(e: VendorErrorInit): VendorErrorKind {
  if (NETWORK_CODES.has(e.code)) return "transient";
  if (e.code === "REQUEST_LIMIT_EXCEEDED") {
    // Salesforce uses one code, 403, for two limits. "TotalRequests Limit exceeded." is the rolling
    // 24-hour allowance; "ConcurrentPerOrgLongTxn Limit exceeded." (too many requests of 20 s or
    // more running at once; the emulator sends Retry-After) clears as soon as those finish.
    return /concurrent/i.test(e.vendorMessage) || (e.retryAfterMs !== undefined && !/totalrequests/i.test(e.vendorMessage)) ? "transient" : "quota";
  }
  const byCode = CODE_KINDS[e.code];
  if (byCode) return byCode;
  const status = e.status;
  if (status !== undefined) {
    if (status === 401 || status === 403) return "admin";
    if (status === 408 || status === 429 || status >= 500) return "transient";
    // Pendo and PX answer 409 "resource is locked, retry later" while another request holds the
    // record; a PX 409 "already exists" is a real conflict.
    if (status === 409) return /lock|retry|try again/i.test(e.vendorMessage) ? "transient" : "bug";
    // Writing a custom field/attribute that nobody created in the vendor's settings (Pendo
    // "field … is not defined in group", PX "Attribute 'x' is not defined").
    if (status === 400 && e.system !== "salesforce" && /not defined|read-only metadata group/i.test(e.vendorMessage)) return "admin";
    if (status >= 400) return "bug";
  }
  return e.retryable ? "transient" : "bug";
}

export class VendorError extends Error {
  readonly system: VendorSystem;
  readonly code: string;
  readonly kind: VendorErrorKind;
  readonly status?: number;
  readonly vendorMessage: string;
  readonly retryAfterMs?: number;
  readonly responseBody?: string;

  constructor(init: VendorErrorInit) {
    super(`${SYSTEM_NAMES[init.system]} ${init.code}: ${init.vendorMessage}`);
    this.name = "VendorError";
    this.system = init.system;
    this.code = init.code;
    this.status = init.status;
    this.vendorMessage = init.vendorMessage;
    this.retryAfterMs = init.retryAfterMs;
    if (init.responseBody) this.responseBody = init.responseBody;
    this.kind = init.kind ?? classifyVendorError(init);
  }

  /** Kept for callers that only ask "will a retry help?" (the workers' UnrecoverableError). */
  get retryable(): boolean {
    return this.kind === "transient";
  }
}

/** What a failed call answered, for the run's failed calls: the vendor's body, else its code and words. */
export function answerOf(error: VendorError): string {
  return error.responseBody ?? `${error.code}: ${error.vendorMessage}`;
}

/** Network-level failures (refused, reset, DNS, timeout) from fetch or jsforce. */
export function networkError(system: VendorSystem, error: unknown, where: string): VendorError {
  const cause = (error as { cause?: { code?: string } })?.cause;
  const name = (error as Error)?.name;
  const code = cause?.code ?? (error as { code?: string })?.code ?? (name === "TimeoutError" || name === "AbortError" ? "TIMEOUT" : "NETWORK");
  return new VendorError({ system, code, vendorMessage: `could not reach ${where}`, kind: "transient" });
}

/**
 * The human words in an error body, whatever shape the vendor used: Pendo `{"message"}`, PX
 * `{"externalapierror":{"message","subErrors":[{field,message}]}}` or legacy `{"errorMessage"}`,
 * Salesforce REST `[{"message","errorCode"}]`, OAuth `{"error","error_description"}`. Never raw
 * JSON or HTML: anything else falls back to the status text.
 */
export function messageFromBody(body: string, fallback: string): string {
  const text = body.trim();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return text && !text.startsWith("<") ? text.slice(0, 300) : fallback;
  }
  const first = (Array.isArray(json) ? json[0] : json) as Record<string, unknown> | null | undefined;
  if (!first || typeof first !== "object") return typeof first === "string" && first ? first : fallback;
  const inner = (first.externalapierror ?? first.error) as Record<string, unknown> | string | undefined;
  const nested = inner && typeof inner === "object" ? inner : undefined;
  const message = [first.error_description, nested?.message, first.message, first.errorMessage, first.externalMessage, inner].find(
    (m): m is string => typeof m === "string" && m.trim() !== "",
  );
  if (!message) return fallback;
  const details = Array.isArray(nested?.subErrors) ? (nested.subErrors as Array<{ field?: string; message?: string }>) : [];
  const subs = details.slice(0, 3).map((s) => (s.field ? `${s.field} ${s.message ?? ""}`.trim() : (s.message ?? ""))).filter(Boolean);
  return subs.length > 0 ? `${message} (${subs.join("; ")})` : message;
}

const WHERE_KEYS: Record<VendorSystem, string> = {
  salesforce: "the connected user's profile or permission set in Salesforce Setup",
  pendo: "Pendo › Settings › Integrations › Integration keys (use a read-write key)",
  px: "Gainsight PX › Administration › REST API (give the key Write permission)",
};

/** One sentence saying what happened and what to do next, by kind. */
export function describeVendorError(error: VendorError): string {
  const name = SYSTEM_NAMES[error.system];
  switch (error.code) {
    case "invalid_grant":
      return `${name} no longer accepts Clearinghouse's refresh token (revoked, expired or the user changed). Reconnect ${name} on the Integrations page.`;
    case "invalid_client":
    case "invalid_client_id":
      return `${name} did not recognise the connected app. Check SALESFORCE_CLIENT_ID and SALESFORCE_CLIENT_SECRET.`;
    case "redirect_uri_mismatch":
      return `${name} refused the callback URL. Add <NEXTAUTH_URL>/api/integrations/salesforce/callback to the connected app's callback URLs.`;
    case "API_DISABLED_FOR_ORG":
    case "API_CURRENTLY_DISABLED":
      return "Salesforce refused API access for this user. The integration needs Enterprise, Unlimited or Developer edition (or Professional with API access added), and the user's profile needs the API Enabled permission (Setup › Profiles › System Permissions).";
    case "INSUFFICIENT_ACCESS":
    case "INSUFFICIENT_ACCESS_OR_READONLY":
    case "INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY":
      return "The connected Salesforce user lacks access to this object or field. Grant it in the user's profile or permission set.";
    case "inactive_user":
    case "inactive_org":
      return "Salesforce says the connected user or org is inactive. Reactivate it in Salesforce Setup, or reconnect Salesforce as an active user on the Integrations page.";
    case "API_BUDGET_SPENT":
      // Our own limit (lib/sync/api-budget.ts): its message is already the sentence.
      return error.vendorMessage;
    case "NO_REFRESH_TOKEN":
      return "The connected app did not grant a refresh token. Add the refresh_token (Perform requests at any time) scope to its OAuth scopes, then connect Salesforce again.";
  }
  switch (error.kind) {
    case "quota":
      return error.code === "REQUEST_LIMIT_EXCEEDED"
        ? "Salesforce's daily API allowance for this org is spent; it frees up over a rolling 24 hours and syncs resume then, so to sync sooner raise the allowance or lower other integrations' use (Setup › Company Information shows usage)."
        : `${name}'s API allowance is spent (${error.vendorMessage}); syncs resume when it resets, or ask ${name} to raise it.`;
    case "admin":
      if (error.status === 401) {
        return error.system === "pendo"
          ? "Pendo rejected the integration key. Check it in Pendo › Settings › Integrations › Integration keys."
          : error.system === "px"
            ? "Gainsight PX rejected the API key. Check it in Gainsight PX › Administration › REST API."
            : "Salesforce rejected the session. Test the connection again; if it persists, reconnect Salesforce.";
      }
      if (error.status === 400 && error.system !== "salesforce") {
        return error.system === "pendo"
          ? `Pendo has no such custom field (${error.vendorMessage}). Create it in Pendo › Settings › Data Mappings.`
          : `Gainsight PX has no such custom attribute (${error.vendorMessage}). Create it in Gainsight PX › Administration › Attributes.`;
      }
      return `${name} refused the request (${error.vendorMessage}). Check the permissions in ${WHERE_KEYS[error.system]}.`;
    case "transient":
      if (NETWORK_CODES.has(error.code)) {
        return `${name} could not be reached (${error.code}). Check the URL and your network; Clearinghouse retries automatically.`;
      }
      if (error.status === 429 || error.code === "REQUEST_LIMIT_EXCEEDED" || error.code === "rate_limit_exceeded") {
        return `${name} is rate-limiting Clearinghouse (${error.vendorMessage}); Clearinghouse retries automatically, nothing to do.`;
      }
      return `${name} is busy or briefly unavailable (${error.vendorMessage}); Clearinghouse retries automatically, nothing to do unless it persists.`;
    case "bug":
      return `${name} refused Clearinghouse's request (${error.vendorMessage}); retrying will not help, so check recent changes to fields or settings in ${name}, otherwise report this message.`;
  }
}
