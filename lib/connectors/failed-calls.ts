import type { VendorSystem } from "@/lib/connectors/errors";

// The write calls a vendor refused records of (or that failed outright), kept as sent so an admin
// can show the vendor's support exactly what happened (issue 11). Headers are never kept (they
// carry the credentials); bodies are trimmed, and anything that looks like a credential, or is one
// of the connector's own secrets, is replaced before the call leaves the connector.

export interface FailedCall {
  system: VendorSystem;
  /** The call's kind as the step's API call counts name it ("PATCH /composite/sobjects"). */
  label: string;
  method: string;
  /** Path on the vendor's API; no host, no query string credentials. */
  path: string;
  /** HTTP status of the answer; null when none came. */
  status: number | null;
  request: string;
  response: string;
  /** Records the call carried, and how many of them the vendor refused. */
  records: number;
  refused: number;
  /** Failed calls of this connector not kept after this one (see FailedCallLog's limit). */
  omitted: number;
}

export type FailedCallInput = Omit<FailedCall, "system" | "omitted" | "request" | "response"> & { request: unknown; response: unknown };

/** Characters kept of each body: a full 200-record Collections request fits, a Bulk CSV does not. */
export const FAILED_CALL_BODY_LIMIT = 48_000;
/** Failed calls kept per connector (one run's write step); the rest are only counted. */
export const FAILED_CALLS_KEPT = 25;

const CENSOR = "[redacted]";
/** JSON keys whose values are credentials wherever they appear. */
const SECRET_KEY = /^(password|passwd|secret|client_?secret|token|access_?token|refresh_?token|session_?id|sessionId|authorization|api_?key|apiKey|integration_?key|x-pendo-integration-key|x-aptrinsic-api-key)$/i;
/** Credentials in free text: bearer tokens and Salesforce session ids (org id + "!" + token). */
const SECRET_TEXT = [/\bBearer\s+[A-Za-z0-9._~+/=!-]+/gi, /\b00D[A-Za-z0-9]{12,15}![A-Za-z0-9._-]{20,}/g];

/** A body as text, with credentials replaced: JSON by key, every text by the known secrets and patterns. */
export function redactBody(body: unknown, secrets: readonly string[]): string {
  let text: string;
  if (body === undefined || body === null) text = "";
  else if (typeof body === "string") text = redactJsonText(body);
  else text = JSON.stringify(redactValue(body)) ?? "";
  for (const secret of secrets) if (secret.length >= 8) text = text.split(secret).join(CENSOR);
  for (const pattern of SECRET_TEXT) text = text.replace(pattern, CENSOR);
  return text;
}

/** A JSON text keeps its exact bytes unless a secret key is in it (then it is re-serialised). */
function redactJsonText(text: string): string {
  const trimmed = text.trimStart();
  if (!trimmed.startsWith("{") && !trimmed.startsWith("[")) return text;
  try {
    const parsed: unknown = JSON.parse(text);
    const redacted = redactValue(parsed);
    return JSON.stringify(redacted) === JSON.stringify(parsed) ? text : JSON.stringify(redacted);
  } catch {
    return text;
  }
}

function redactValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactValue);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, SECRET_KEY.test(k) ? CENSOR : redactValue(v)]));
  }
  return value;
}

/** The first `limit` characters, and how many were cut, said at the end. */
export function trimBody(text: string, limit = FAILED_CALL_BODY_LIMIT): string {
  if (text.length <= limit) return text;
  return `${text.slice(0, limit)}\n… [trimmed: ${(text.length - limit).toLocaleString("en-US")} more characters not kept]`;
}

/**
 * A connector's failed write calls since the last drain. Keeps at most FAILED_CALLS_KEPT over its
 * life and counts the rest, so a run where every one of 10,000 PX PUTs fails stores a few dozen
 * examples, not 10,000 bodies.
 */
export class FailedCallLog {
  private pending: FailedCall[] = [];
  private kept = 0;
  private omitted = 0;

  constructor(
    private readonly system: VendorSystem,
    /** The connector's credentials as they are now (a refreshed token included). */
    private readonly secrets: () => readonly (string | null | undefined)[],
    private readonly limit = FAILED_CALLS_KEPT,
  ) {}

  record(call: FailedCallInput): void {
    if (this.kept >= this.limit) {
      this.omitted++;
      return;
    }
    this.kept++;
    const secrets = this.secrets().filter((s): s is string => typeof s === "string" && s !== "");
    this.pending.push({
      ...call,
      system: this.system,
      request: trimBody(redactBody(call.request, secrets)),
      response: trimBody(redactBody(call.response, secrets)),
      omitted: 0,
    });
  }

  /** The calls recorded since the last drain; the last carries the count of calls not kept so far. */
  drain(): FailedCall[] {
    const calls = this.pending;
    this.pending = [];
    if (this.omitted > 0) {
      const last = calls.at(-1);
      if (last) last.omitted = this.omitted;
      else calls.push(omittedNote(this.system, this.omitted));
      this.omitted = 0;
    }
    return calls;
  }
}

/** When only uncounted calls failed since the last drain, a row that says how many. */
function omittedNote(system: VendorSystem, omitted: number): FailedCall {
  return { system, label: "(not kept)", method: "", path: "", status: null, request: "", response: "", records: 0, refused: 0, omitted };
}
