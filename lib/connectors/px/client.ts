import { VendorError } from "@/lib/connectors/errors";
import { ApiCallTally, vendorFetch } from "@/lib/connectors/http";
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
  constructor(private readonly opts: { baseUrl: string; apiKey: string }) {}

  private readonly tally = new ApiCallTally();

  /** API calls made through this connector, by endpoint. */
  apiCalls(): Record<string, number> {
    return this.tally.snapshot();
  }

  request(path: string, init: { method?: string; body?: unknown } = {}, label?: string): Promise<Response> {
    this.tally.count(label ?? `${init.method ?? "GET"} ${path.split("?")[0]}`);
    return vendorFetch("px", `${this.opts.baseUrl.replace(/\/$/, "")}${path}`, {
      ...init,
      headers: { "x-aptrinsic-api-key": this.opts.apiKey },
    });
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
    const body = pxPageSchema.parse(await (await this.request(`/${kind}?${query}`, {}, `GET /${kind}`)).json());
    const records = (kind === "accounts" ? body.accounts : body.users) ?? [];
    return { records, scrollId: body.scrollId ?? null, totalHits: body.totalHits ?? 0 };
  }

  /** Attribute definitions (standard and custom) of accounts or users. */
  async attributes(kind: "account" | "user"): Promise<{ name: string; label: string; type: string }[]> {
    const body = pxAttributesSchema.parse(await (await this.request(`/admin/model/${kind}/attributes`, {}, `GET /admin/model/${kind}/attributes`)).json());
    return body.filter((a) => a.state !== "DELETED").map((a) => ({ name: a.apiName, label: a.name, type: a.type }));
  }
}
