import { VendorError } from "@/lib/connectors/errors";
import { vendorFetch } from "@/lib/connectors/http";

/** Gainsight PX data centres; paths below are relative to these (which end in /v1). */
export const PX_DATA_CENTERS: Record<string, string> = {
  us: "https://api.aptrinsic.com/v1",
  eu: "https://api-eu.aptrinsic.com/v1",
  us2: "https://api-us2.aptrinsic.com/v1",
};

const PROBE_ID = "clearinghouse-permission-probe";

export class PxConnector {
  constructor(private readonly opts: { baseUrl: string; apiKey: string }) {}

  request(path: string, init: { method?: string; body?: unknown } = {}): Promise<Response> {
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
}
