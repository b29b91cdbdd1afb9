// Everything one running emulator knows, in one object the HTTP layer passes around.

import { FaultInjector, type FaultRule } from "../shared/faults";
import type { IngestJob } from "./bulk/ingest";
import type { QueryJob } from "./bulk/query";
import { JobScheduler } from "./bulk/common";
import { EmulatorClock } from "./clock";
import type { SalesforceFixture } from "./fixture-schema";
import { ApiUsage } from "./limits";
import { OrgData } from "./org";
import { CursorStore } from "./rest/query";
import { TokenStore } from "./tokens";

export interface EmulatorSettings {
  /** caps query page size below the 200..2000 batchSize range, to force short pages in tests */
  queryPageSize?: number;
  /**
   * rows per Bulk query result page when the client sends no maxRecords. Salesforce returns
   * "as many rows as can be listed" (a size limit), so the default is large.
   */
  bulkQueryPageSize: number;
  /** delay before a Bulk job starts processing */
  bulkProcessingDelayMs: number;
}

export class BulkStore {
  readonly ingest = new Map<string, IngestJob>();
  readonly query = new Map<string, QueryJob>();
  scheduler = new JobScheduler();

  clear(): void {
    this.scheduler.stop();
    this.scheduler = new JobScheduler();
    this.ingest.clear();
    this.query.clear();
  }
}

export class Counters {
  readonly requests = new Map<string, number>();
  readonly faults = new Map<string, number>();

  countRequest(key: string): void {
    this.requests.set(key, (this.requests.get(key) ?? 0) + 1);
  }

  countFault(kind: string): void {
    this.faults.set(kind, (this.faults.get(kind) ?? 0) + 1);
  }

  clear(): void {
    this.requests.clear();
    this.faults.clear();
  }
}

export class EmulatorState {
  readonly clock: EmulatorClock;
  readonly org: OrgData;
  readonly usage: ApiUsage;
  readonly tokens: TokenStore;
  readonly faults: FaultInjector;
  readonly cursors: CursorStore;
  readonly bulk = new BulkStore();
  readonly counters = new Counters();
  settings: EmulatorSettings = { bulkQueryPageSize: 500_000, bulkProcessingDelayMs: 0 };
  /** set once the server listens; used for instance_url and identity URLs */
  baseUrl = "";
  initialFixture: SalesforceFixture | undefined;
  latencyMs: number;
  private dirtyListener: (() => void) | undefined;

  constructor(init: { now?: string; seed: number; faults: FaultRule[]; latencyMs?: number; accessTokenTtlSeconds: number }) {
    this.clock = new EmulatorClock(init.now);
    this.org = new OrgData(this.clock, init.seed);
    this.usage = new ApiUsage(this.org, this.clock);
    this.tokens = new TokenStore(() => this.org.info.id.slice(0, 15), () => this.clock.now(), init.accessTokenTtlSeconds * 1000);
    this.faults = new FaultInjector(init.faults, init.seed);
    this.cursors = new CursorStore(() => this.org, () => this.clock.now());
    this.latencyMs = init.latencyMs ?? 0;
  }

  onDirty(listener: () => void): void {
    this.dirtyListener = listener;
  }

  /** Something persistent changed (records, tokens, limits): schedule a save. */
  markDirty(): void {
    this.dirtyListener?.();
  }
}
