// The daily API request allowance. Every authenticated REST and Bulk call spends one request;
// the allowance refills when the emulator clock passes 24 h from the window start, so tests can
// exhaust it and then advance the clock instead of waiting a day.

import type { EmulatorClock } from "./clock";
import type { OrgData } from "./org";

const DAY_MS = 86_400_000;
export const DEFAULT_DAILY_API_REQUESTS = 100_000;

export class ApiUsage {
  private used = 0;
  private windowStart: number;

  constructor(
    private readonly org: OrgData,
    private readonly clock: EmulatorClock,
  ) {
    this.windowStart = clock.now();
  }

  get max(): number {
    return this.org.info.dailyApiRequests ?? DEFAULT_DAILY_API_REQUESTS;
  }

  private roll(): void {
    const now = this.clock.now();
    if (now - this.windowStart >= DAY_MS || now < this.windowStart) {
      this.used = 0;
      this.windowStart = now;
    }
  }

  getUsed(): number {
    this.roll();
    return Math.min(this.used, this.max);
  }

  remaining(): number {
    return Math.max(0, this.max - this.getUsed());
  }

  /** Spends one request; false when the allowance is gone (the call must then be refused). */
  tryConsume(): boolean {
    this.roll();
    if (this.used >= this.max) return false;
    this.used += 1;
    return true;
  }

  setRemaining(remaining: number): void {
    this.roll();
    this.used = Math.max(0, this.max - remaining);
  }

  setMax(max: number): void {
    this.org.info.dailyApiRequests = max;
  }

  reset(): void {
    this.used = 0;
    this.windowStart = this.clock.now();
  }

  header(): string {
    return `api-usage=${this.getUsed()}/${this.max}`;
  }

  snapshot(): { used: number; windowStart: number } {
    return { used: this.used, windowStart: this.windowStart };
  }

  restore(s: { used: number; windowStart: number }): void {
    this.used = s.used;
    this.windowStart = s.windowStart;
  }

  /** GET /limits body: DailyApiRequests is live, the rest are a realistic static subset. */
  limitsBody(): Record<string, { Max: number; Remaining: number }> {
    const fixed = (max: number): { Max: number; Remaining: number } => ({ Max: max, Remaining: max });
    return {
      ConcurrentAsyncGetReportInstances: fixed(200),
      ConcurrentSyncReportRuns: fixed(20),
      DailyApiRequests: { Max: this.max, Remaining: this.remaining() },
      DailyAsyncApexExecutions: fixed(250000),
      DailyBulkApiBatches: fixed(15000),
      DailyBulkV2QueryFileStorageMB: fixed(976562),
      DailyBulkV2QueryJobs: fixed(10000),
      DataStorageMB: fixed(1024),
      FileStorageMB: fixed(1024),
      HourlyTimeBasedWorkflow: fixed(1000),
      SingleEmail: fixed(5000),
    };
  }
}
