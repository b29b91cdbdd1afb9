import { VendorError } from "@/lib/connectors/errors";
import { FailedCallLog } from "@/lib/connectors/failed-calls";
import { ApiCallTally, vendorFetch } from "@/lib/connectors/http";
import { withVendorRetry, type RetryOptions } from "@/lib/connectors/retry";
import { z } from "zod";

const pendoAggregationSchema = z.object({ results: z.array(z.record(z.string(), z.unknown())) }).loose();
const pendoSchemaSchema = z.record(z.string(), z.record(z.string(), z.object({ Type: z.string(), DisplayName: z.string().optional(), isDeleted: z.boolean().optional() }).loose()));

/** Pendo's regional hosts; every REST path is under /api/v1. */
export const PENDO_REGIONS: Record<string, string> = {
  us: "https://app.pendo.io",
  us1: "https://us1.app.pendo.io",
  eu: "https://app.eu.pendo.io",
  jpn: "https://app.jpn.pendo.io",
  au: "https://app.au.pendo.io",
};

export class PendoConnector {
  /** `retry` tunes the in-request retries of transient errors (tests shorten the delays). */
  constructor(private readonly opts: { baseUrl: string; integrationKey: string; retry?: Partial<RetryOptions> }) {}

  private readonly tally = new ApiCallTally();
  /** Write calls Pendo refused rows of, as sent (writes.ts records them). */
  readonly failedCalls = new FailedCallLog("pendo", () => [this.opts.integrationKey]);

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
      return vendorFetch("pendo", url, { ...init, headers: { "x-pendo-integration-key": this.opts.integrationKey } });
    }, { ...this.opts.retry, ...retry });
  }

  /**
   * Reads the account metadata schema (proves the key), then posts an empty batch of metadata
   * values: a read-write key gets an answer about the (empty) batch, a read-only key gets 403.
   * The empty batch changes nothing in Pendo.
   */
  async validate(): Promise<{ canWrite: boolean }> {
    await this.request("/api/v1/metadata/schema/account");
    try {
      await this.request("/api/v1/metadata/account/custom/value", { method: "POST", body: [] });
      return { canWrite: true };
    } catch (error) {
      if (error instanceof VendorError && error.status === 403) return { canWrite: false };
      // 400/404 here means the key may write but the custom group is not set up yet.
      if (error instanceof VendorError && (error.status === 400 || error.status === 404)) return { canWrite: true };
      throw error;
    }
  }

  /** Runs an aggregation pipeline and returns its result rows. */
  async aggregate(pipeline: unknown[]): Promise<Record<string, unknown>[]> {
    const res = await this.request("/api/v1/aggregation", { method: "POST", body: { response: { mimeType: "application/json" }, request: { pipeline } } }, "POST /aggregation");
    return pendoAggregationSchema.parse(await res.json()).results;
  }

  /** The metadata schema of accounts or visitors, flattened to "group.field" names. */
  async metadataFields(kind: "account" | "visitor"): Promise<{ name: string; label: string; type: string }[]> {
    const body = pendoSchemaSchema.parse(await (await this.request(`/api/v1/metadata/schema/${kind}`, {}, `GET /metadata/schema/${kind}`)).json());
    const fields: { name: string; label: string; type: string }[] = [];
    for (const [group, defs] of Object.entries(body)) {
      for (const [field, def] of Object.entries(defs)) if (!def.isDeleted) fields.push({ name: `${group}.${field}`, label: def.DisplayName ?? field, type: def.Type });
    }
    return fields;
  }
}
