import { messageFromBody, networkError, VendorError, type VendorSystem } from "@/lib/connectors/errors";

// Plain-fetch transport for the key-authenticated vendors (Pendo, PX): timeouts, and every
// non-2xx answer turned into a VendorError carrying the vendor's own words.
export async function vendorFetch(
  system: VendorSystem,
  url: string,
  init: { method?: string; headers: Record<string, string>; body?: unknown; timeoutMs?: number },
): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: init.method ?? "GET",
      headers: { accept: "application/json", ...(init.body === undefined ? {} : { "content-type": "application/json" }), ...init.headers },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      signal: AbortSignal.timeout(init.timeoutMs ?? 30_000),
    });
  } catch (error) {
    throw networkError(system, error, new URL(url).origin);
  }
  if (res.ok) return res;
  const text = await res.text().catch(() => "");
  throw new VendorError({
    system,
    code: String(res.status),
    status: res.status,
    vendorMessage: messageFromBody(text, res.statusText || `HTTP ${res.status}`),
    retryAfterMs: parseRetryAfter(res.headers.get("retry-after")),
    responseBody: text.slice(0, 8000),
  });
}

/** Retry-After in ms: delta-seconds (what the emulators and most vendors send) or an HTTP date. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  const ms = /^\d+(\.\d+)?$/.test(text) ? Number(text) * 1000 : Date.parse(text) - now;
  return Number.isFinite(ms) && ms > 0 ? Math.ceil(ms) : undefined;
}

/** API calls a connector made, by kind, so a pull run can record what it spent. */
export class ApiCallTally {
  private readonly calls = new Map<string, number>();

  count(kind: string): void {
    this.calls.set(kind, (this.calls.get(kind) ?? 0) + 1);
  }

  snapshot(): Record<string, number> {
    return Object.fromEntries(this.calls);
  }
}
