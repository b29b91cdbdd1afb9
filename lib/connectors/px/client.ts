import { VendorError } from "@/lib/connectors/errors";
import { FailedCallLog } from "@/lib/connectors/failed-calls";
import { ApiCallTally, vendorFetch } from "@/lib/connectors/http";
import { vendorDidNotProcess, withVendorRetry, type RetryOptions } from "@/lib/connectors/retry";
import { z } from "zod";

const pxRecord = z.record(z.string(), z.unknown());
const pxPageSchema = z.object({ accounts: z.array(pxRecord).optional(), users: z.array(pxRecord).optional(), scrollId: z.string().nullish(), totalHits: z.number().optional() }).loose();
const pxAttributesSchema = z.array(z.object({ apiName: z.string(), name: z.string(), type: z.string(), state: z.string().optional() }).loose());

/** Gainsight PX data centres; paths below are relative to these (which end in /v1). */
export const PX_DATA_CENTERS: Record<string, string> = {
  us: "https://api.aptrinsic.com/v1",
  eu: "https://api-eu.aptrinsic.com/v1",
  us2: "https://api-us2.aptrinsic.com/v1",
};

const PROBE_ID = "clearinghouse-permission-probe";

export class PxConnector {
  /** `retry` tunes the in-request retries of transient errors (tests shorten the delays). */
  constructor(private readonly opts: { baseUrl: string; apiKey: string; retry?: Partial<RetryOptions> }) {}

  private readonly tally = new ApiCallTally();
  /** Write calls PX refused rows of, as sent (writes.ts records them). */
  readonly failedCalls = new FailedCallLog("px", () => [this.opts.apiKey]);
  /** PX's clock as its last response's Date header told it (ms), null before any response. */
  private serverDate: number | null = null;

  /**
   * What time it is at PX. PX's API documents no clock of its own, but every response carries the
   * server's Date; usage days end at PX's yesterday, not the hub's, so a hub whose clock runs
   * ahead never reads days PX has not finished (or, against an emulator, days it never reaches).
   */
  serverNow(): Date | null {
    return this.serverDate === null ? null : new Date(this.serverDate);
  }

  /** API calls made through this connector, by endpoint. */
  apiCalls(): Record<string, number> {
    return this.tally.snapshot();
  }

  /** One API call; transient failures are retried (see retry.ts) and every attempt sent is counted. */
  request(path: string, init: { method?: string; body?: unknown } = {}, label?: string, retry?: Partial<RetryOptions>): Promise<Response> {
    const kind = label ?? `${init.method ?? "GET"} ${path.split("?")[0]}`;
    const url = `${this.opts.baseUrl.replace(/\/$/, "")}${path}`;
    return withVendorRetry(() => {
      this.tally.count(kind);
      return vendorFetch("px", url, { ...init, headers: { "x-aptrinsic-api-key": this.opts.apiKey } }).then((res) => {
        const date = Date.parse(res.headers.get("date") ?? "");
        if (Number.isFinite(date)) this.serverDate = date;
        return res;
      });
    }, { ...this.opts.retry, ...retry });
  }

  /**
   * Lists one account (proves the key and Read permission), then updates an account that does not
   * exist: a key with Write permission gets 404, a read-only key 403. Nothing is written.
   */
  async validate(): Promise<{ canWrite: boolean }> {
    await this.request("/accounts?pageSize=1");
    try {
      await this.request(`/accounts/${PROBE_ID}`, { method: "PUT", body: { name: PROBE_ID } });
      return { canWrite: true };
    } catch (error) {
      if (error instanceof VendorError && error.status === 403) return { canWrite: false };
      if (error instanceof VendorError && (error.status === 404 || error.status === 400)) return { canWrite: true };
      throw error;
    }
  }

  /** One page of a scroll over accounts or users: start without a scrollId, then pass the returned one. */
  async scrollPage(kind: "accounts" | "users", scrollId: string | null, pageSize = 1000): Promise<{ records: Record<string, unknown>[]; scrollId: string | null; totalHits: number }> {
    const query = scrollId ? `scrollId=${encodeURIComponent(scrollId)}&pageSize=${pageSize}` : `pageSize=${pageSize}`;
    // PX moves the scroll cursor when it serves a page, so a continuation whose answer was lost
    // (reset, timeout, 5xx from a proxy) may already have consumed its page: repeating it would
    // skip records silently. Repeat only refusals (429, 503, 409 lock); the rest go to the pull,
    // which re-reads that object from the start.
    const retry = scrollId ? { retryIf: vendorDidNotProcess } : undefined;
    const body = pxPageSchema.parse(await (await this.request(`/${kind}?${query}`, {}, `GET /${kind}`, retry)).json());
    const records = (kind === "accounts" ? body.accounts : body.users) ?? [];
    return { records, scrollId: body.scrollId ?? null, totalHits: body.totalHits ?? 0 };
  }

  /** Attribute definitions (standard and custom) of accounts or users. */
  async attributes(kind: "account" | "user"): Promise<{ name: string; label: string; type: string }[]> {
    const body = pxAttributesSchema.parse(await (await this.request(`/admin/model/${kind}/attributes`, {}, `GET /admin/model/${kind}/attributes`)).json());
    return body.filter((a) => a.state !== "DELETED").map((a) => ({ name: a.apiName, label: a.name, type: a.type }));
  }
}
