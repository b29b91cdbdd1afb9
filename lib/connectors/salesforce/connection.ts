import jsforce, { type Connection } from "jsforce";
import { z } from "zod";
import { networkError, VendorError } from "@/lib/connectors/errors";
import { ApiCallTally } from "@/lib/connectors/http";
import { oauthError } from "@/lib/connectors/salesforce/oauth";

export interface SalesforceConnectorOptions {
  loginUrl: string;
  clientId: string;
  clientSecret: string;
  instanceUrl: string;
  accessToken: string;
  refreshToken: string;
  version?: string;
  /** Called with each new access token jsforce obtains on a 401, so the caller can persist it. */
  onTokenRefresh?: (accessToken: string) => Promise<void>;
}

export interface SalesforceIdentity {
  orgId: string;
  userId: string;
  username: string;
  displayName: string | null;
  orgName: string | null;
  isSandbox: boolean;
  organizationType: string | null;
}

export interface FieldDescribe {
  name: string;
  label: string;
  type: string;
  length: number;
  /** Digits after the decimal point of a number field; 0 for whole numbers. */
  scale?: number;
  updateable: boolean;
  createable: boolean;
  custom: boolean;
  externalId: boolean;
  unique: boolean;
  nillable: boolean;
  idLookup: boolean;
  referenceTo: string[];
}

export interface ObjectDescribe {
  name: string;
  label: string;
  fields: FieldDescribe[];
}

const userInfoSchema = z.object({
  user_id: z.string(),
  organization_id: z.string(),
  preferred_username: z.string().optional(),
  name: z.string().optional(),
});

const fieldSchema = z
  .object({
    name: z.string(),
    label: z.string(),
    type: z.string(),
    length: z.number().optional(),
    scale: z.number().nullish(),
    updateable: z.boolean().optional(),
    createable: z.boolean().optional(),
    custom: z.boolean().optional(),
    externalId: z.boolean().optional(),
    unique: z.boolean().optional(),
    nillable: z.boolean().optional(),
    idLookup: z.boolean().optional(),
    referenceTo: z.array(z.string()).nullish(),
  })
  .loose();

const describeSchema = z.object({ name: z.string(), label: z.string(), fields: z.array(fieldSchema) }).loose();

const limitsSchema = z.object({ DailyApiRequests: z.object({ Max: z.number(), Remaining: z.number() }) }).loose();

/** jsforce errors carry `errorCode` (REST) or an OAuth error name; everything else is the network. */
export function toVendorError(error: unknown, where: string): VendorError {
  if (error instanceof VendorError) return error;
  const e = error as { errorCode?: string; name?: string; message?: string; data?: { statusCode?: number } };
  if (e?.errorCode) {
    const status = e.errorCode === "INVALID_SESSION_ID" ? 401 : e.errorCode === "REQUEST_LIMIT_EXCEEDED" ? 403 : undefined;
    return new VendorError({ system: "salesforce", code: e.errorCode, vendorMessage: e.message ?? e.errorCode, status });
  }
  // jsforce wraps a failed refresh in a plain Error; the refresh token is what was refused.
  if (e?.message?.startsWith("Unable to refresh session")) {
    return new VendorError({ system: "salesforce", code: "invalid_grant", vendorMessage: e.message, status: 400, retryable: false });
  }
  if (e?.name && /^(invalid_grant|invalid_client|invalid_client_id|inactive_user|inactive_org|unsupported_grant_type)$/.test(e.name)) {
    return oauthError(error, where);
  }
  if (e?.name?.startsWith("ERROR_HTTP_")) {
    const status = Number(e.name.slice("ERROR_HTTP_".length));
    return new VendorError({ system: "salesforce", code: String(status), vendorMessage: e.message ?? "", status });
  }
  return networkError("salesforce", error, where);
}

/** The product's view of one Salesforce org; nothing outside this folder touches jsforce. */
export class SalesforceConnector {
  private readonly conn: Connection;
  private readonly version: string;

  constructor(private readonly opts: SalesforceConnectorOptions) {
    this.version = opts.version ?? "62.0";
    this.conn = new jsforce.Connection({
      oauth2: { loginUrl: opts.loginUrl, clientId: opts.clientId, clientSecret: opts.clientSecret },
      instanceUrl: opts.instanceUrl,
      accessToken: opts.accessToken,
      refreshToken: opts.refreshToken,
      version: this.version,
    });
    if (opts.onTokenRefresh) {
      const persist = opts.onTokenRefresh;
      this.conn.on("refresh", (accessToken: string) => {
        this.pendingRefresh = persist(accessToken);
      });
    }
  }

  private pendingRefresh: Promise<void> | null = null;
  private readonly tally = new ApiCallTally();

  /** API calls made through this connector, by kind. */
  apiCalls(): Record<string, number> {
    return this.tally.snapshot();
  }

  /** Runs one call, turning jsforce's errors into VendorError and waiting for a refreshed token to be stored. */
  private async call<T>(work: () => Promise<T>, label?: string): Promise<T> {
    if (label) this.tally.count(label);
    try {
      return await work();
    } catch (error) {
      throw toVendorError(error, this.opts.instanceUrl);
    } finally {
      if (this.pendingRefresh) {
        const pending = this.pendingRefresh;
        this.pendingRefresh = null;
        await pending;
      }
    }
  }

  async identity(): Promise<SalesforceIdentity> {
    const info = userInfoSchema.parse(await this.call(() => this.conn.request("/services/oauth2/userinfo")));
    // Organization may be unreadable for a restricted user; the card still works without it.
    const org = await this.call(async () => await this.conn.query("SELECT Name, IsSandbox, OrganizationType FROM Organization LIMIT 1")).catch(
      () => null,
    );
    const record = (org as { records?: { Name?: string; IsSandbox?: boolean; OrganizationType?: string }[] } | null)?.records?.[0];
    return {
      orgId: info.organization_id,
      userId: info.user_id,
      username: info.preferred_username ?? info.user_id,
      displayName: info.name ?? null,
      orgName: record?.Name ?? null,
      isSandbox: record?.IsSandbox ?? false,
      organizationType: record?.OrganizationType ?? null,
    };
  }

  /** A REST call every API-enabled user may make; refused with API_DISABLED_FOR_ORG otherwise. */
  async checkApiAccess(): Promise<void> {
    await this.call(() => this.conn.request(`/services/data/v${this.version}/`));
  }

  async limits(): Promise<{ dailyApiRequests: { max: number; remaining: number } }> {
    const limits = limitsSchema.parse(await this.call(() => this.conn.request(`/services/data/v${this.version}/limits`)));
    return { dailyApiRequests: { max: limits.DailyApiRequests.Max, remaining: limits.DailyApiRequests.Remaining } };
  }

  /** The allowance as of the last response (Sforce-Limit-Info), or null before any call. */
  lastApiUsage(): { used: number; max: number } | null {
    const usage = (this.conn as unknown as { limitInfo?: { apiUsage?: { used: number; limit: number } } }).limitInfo?.apiUsage;
    return usage ? { used: usage.used, max: usage.limit } : null;
  }

  async describeObject(name: string): Promise<ObjectDescribe> {
    const raw = describeSchema.parse(await this.call(() => this.conn.sobject(name).describe()));
    return {
      name: raw.name,
      label: raw.label,
      fields: raw.fields.map((f) => ({
        name: f.name,
        label: f.label,
        type: f.type,
        length: f.length ?? 0,
        ...(typeof f.scale === "number" ? { scale: f.scale } : {}),
        updateable: f.updateable ?? false,
        createable: f.createable ?? false,
        custom: f.custom ?? false,
        externalId: f.externalId ?? false,
        unique: f.unique ?? false,
        nillable: f.nillable ?? true,
        idLookup: f.idLookup ?? false,
        referenceTo: f.referenceTo ?? [],
      })),
    };
  }

  /**
   * One SOQL query, following nextRecordsUrl if the org returns smaller batches than asked for.
   * `includeDeleted` uses queryAll, which also returns deleted and merged records.
   */
  async query<T extends Record<string, unknown>>(soql: string, opts: { includeDeleted?: boolean } = {}): Promise<T[]> {
    const label = opts.includeDeleted ? "GET /queryAll" : "GET /query";
    type Page = { records: T[]; done: boolean; nextRecordsUrl?: string };
    let page: Page = await this.call(async () => (await this.conn.query<T>(soql, { autoFetch: false, scanAll: opts.includeDeleted ?? false })) as Page, label);
    const records = [...page.records];
    while (!page.done && page.nextRecordsUrl) {
      const locator = page.nextRecordsUrl;
      page = await this.call(async () => (await this.conn.queryMore<T>(locator)) as Page, `${label} (more)`);
      records.push(...page.records);
    }
    return records;
  }

  /** `SELECT COUNT() FROM …` */
  async count(soql: string): Promise<number> {
    const result = await this.call(async () => (await this.conn.query(soql, { autoFetch: false })) as { totalSize: number }, "GET /query");
    return result.totalSize;
  }

  /**
   * A Bulk API 2.0 query, handing records to `onBatch` in batches so memory stays flat. Values
   * arrive as CSV strings ("" for null).
   */
  async bulkQuery(soql: string, onBatch: (records: Record<string, string>[]) => Promise<void>, batchSize = 2000): Promise<number> {
    const stream = await this.call(() => this.conn.bulk2.query(soql, { pollInterval: 500, pollTimeout: 30 * 60_000 }), "Bulk 2.0 query job");
    let batch: Record<string, string>[] = [];
    let total = 0;
    try {
      for await (const record of stream as AsyncIterable<Record<string, string>>) {
        // jsforce 3.10.16 parses every result page with one CSV parser: each later page's header
        // line arrives as a record whose values are the column names.
        if (record.Id === "Id") continue;
        batch.push(record);
        total++;
        if (batch.length >= batchSize) {
          await onBatch(batch);
          batch = [];
        }
      }
    } catch (error) {
      throw toVendorError(error, this.opts.instanceUrl);
    }
    if (batch.length > 0) await onBatch(batch);
    return total;
  }
}
