import { VendorError } from "@/lib/connectors/errors";
import { vendorFetch } from "@/lib/connectors/http";

/** Pendo's regional hosts; every REST path is under /api/v1. */
export const PENDO_REGIONS: Record<string, string> = {
  us: "https://app.pendo.io",
  us1: "https://us1.app.pendo.io",
  eu: "https://app.eu.pendo.io",
  jpn: "https://app.jpn.pendo.io",
  au: "https://app.au.pendo.io",
};

export class PendoConnector {
  constructor(private readonly opts: { baseUrl: string; integrationKey: string }) {}

  request(path: string, init: { method?: string; body?: unknown } = {}): Promise<Response> {
    return vendorFetch("pendo", `${this.opts.baseUrl.replace(/\/$/, "")}${path}`, {
      ...init,
      headers: { "x-pendo-integration-key": this.opts.integrationKey },
    });
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
}
