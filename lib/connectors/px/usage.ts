import { z } from "zod";
import type { PxConnector } from "@/lib/connectors/px/client";
import { vendorDidNotProcess } from "@/lib/connectors/retry";

// Gainsight PX usage as the hub's ingestion reads it: the event endpoints of spec B4.2 scrolled
// over a range of days, and the feature and engagement lists of B5. PX's days are UTC: the API
// takes and returns instants and documents no time zone of its own.

/** A calendar day in UTC, "YYYY-MM-DD". */
export type PxDay = string;

export type PxUsageKind = "session" | "feature_match" | "custom" | "engagementView" | "survey_response";

/** Path and records key per event kind (spec B4.2). */
const ENDPOINTS: Record<PxUsageKind, { path: string; recordsKey: string }> = {
  session: { path: "/events/session", recordsKey: "sessionInitializedEvents" },
  feature_match: { path: "/events/feature_match", recordsKey: "featureMatchEvents" },
  custom: { path: "/events/custom", recordsKey: "customEvents" },
  engagementView: { path: "/events/engagementView", recordsKey: "results" },
  survey_response: { path: "/survey/responses", recordsKey: "results" },
};

/** Largest events page PX serves (spec B7). */
const EVENT_PAGE = 500;
/** Largest page of the page-numbered lists (spec B5). */
const LIST_PAGE = 200;

const text = z.union([z.string(), z.number()]).nullish().transform((v) => (v === null || v === undefined || v === "" ? null : String(v)));
const eventSchema = z
  .object({
    eventId: z.union([z.string(), z.number()]).transform(String),
    identifyId: z.union([z.string(), z.number()]).transform(String),
    date: z.number(),
    accountId: text,
    sessionId: text,
    featureId: text,
    engagementId: text,
    engagementTrackType: text,
    contentType: text,
    questionType: text,
    score: z.unknown().optional(),
    comment: text,
    userInput: text,
  })
  .loose();
const featureList = z.object({ features: z.array(z.object({ id: z.string(), name: z.string().nullish(), type: z.string().nullish(), status: z.string().nullish() }).loose()), isLastPage: z.boolean().optional() }).loose();
const engagementList = z.object({ engagements: z.array(z.object({ id: z.string(), name: z.string().nullish(), type: z.string().nullish(), state: z.string().nullish() }).loose()), isLastPage: z.boolean().optional() }).loose();

export interface PxUsageEvent {
  eventId: string;
  /** The UTC day of `at`. */
  day: PxDay;
  at: number;
  userId: string;
  /** "" when the event carries no account. */
  accountId: string;
  sessionId: string | null;
  featureId: string | null;
  engagementId: string | null;
  engagementTrackType: string | null;
  contentType: string | null;
  questionType: string | null;
  score: number | null;
  /** A survey answer's text (`comment`, or `userInput` in some payloads). */
  comment: string | null;
}

export interface PxFeature {
  id: string;
  name: string;
  type: string | null;
  status: string | null;
}

export interface PxEngagement {
  id: string;
  name: string;
  type: string | null;
  state: string | null;
}

export function pxDayOf(at: number): PxDay {
  return new Date(at).toISOString().slice(0, 10);
}

/** The `filter` for events from the start of `from` to the end of `to` (UTC). */
export function dayRangeFilter(from: PxDay, to: PxDay): string {
  const end = new Date(Date.parse(`${to}T00:00:00.000Z`) + 86_400_000).toISOString();
  return `date>=${from}T00:00:00.000Z;date<${end}`;
}

function numberOrNull(v: unknown): number | null {
  const n = typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v) : NaN;
  return Number.isFinite(n) ? n : null;
}

function toEvent(raw: Record<string, unknown>): PxUsageEvent {
  const e = eventSchema.parse(raw);
  return {
    eventId: e.eventId,
    day: pxDayOf(e.date),
    at: e.date,
    userId: e.identifyId,
    accountId: e.accountId ?? "",
    sessionId: e.sessionId,
    featureId: e.featureId,
    engagementId: e.engagementId,
    engagementTrackType: e.engagementTrackType,
    contentType: e.contentType,
    questionType: e.questionType,
    score: numberOrNull(e.score),
    comment: e.comment ?? e.userInput,
  };
}

export class PxUsageReader {
  constructor(
    private readonly px: PxConnector,
    private readonly pageSize = EVENT_PAGE,
  ) {}

  apiCalls(): Record<string, number> {
    return this.px.apiCalls();
  }

  /** PX's clock, from its last response (see PxConnector.serverNow); null before any call. */
  serverNow(): Date | null {
    return this.px.serverNow();
  }

  /**
   * Every event of one kind from the start of `from` to the end of `to`, in pages, oldest first.
   * A scroll cannot be rewound (its cursor moves as a page is served), so a continuation is only
   * repeated when PX certainly did not serve it; any other failure ends the read, and the caller
   * reads the whole range again.
   */
  async *events(kind: PxUsageKind, from: PxDay, to: PxDay): AsyncGenerator<PxUsageEvent[]> {
    const { path, recordsKey } = ENDPOINTS[kind];
    const label = `GET ${path}`;
    let scrollId: string | null = null;
    let fetched = 0;
    for (;;) {
      const query: string = scrollId
        ? `scrollId=${encodeURIComponent(scrollId)}&pageSize=${this.pageSize}`
        : `pageSize=${this.pageSize}&sort=date&filter=${encodeURIComponent(dayRangeFilter(from, to))}`;
      const res = await this.px.request(`${path}?${query}`, {}, label, scrollId ? { retryIf: vendorDidNotProcess } : undefined);
      const body = z.object({ scrollId: z.string().nullish(), totalHits: z.number().optional() }).loose().parse(await res.json());
      const records = z.array(z.record(z.string(), z.unknown())).parse((body as Record<string, unknown>)[recordsKey] ?? []);
      if (records.length) yield records.map(toEvent);
      fetched += records.length;
      scrollId = body.scrollId ?? null;
      if (records.length === 0 || scrollId === null || (body.totalHits !== undefined && fetched >= body.totalHits)) return;
    }
  }

  private async pages<T>(path: string, parse: (body: unknown) => { rows: T[]; last: boolean | undefined }): Promise<T[]> {
    const out: T[] = [];
    for (let page = 0; page < 10_000; page++) {
      const res = await this.px.request(`${path}?pageSize=${LIST_PAGE}&pageNumber=${page}`, {}, `GET ${path}`);
      const { rows, last } = parse(await res.json());
      out.push(...rows);
      // Stop on isLastPage (spec B5); without it, on a short page.
      if (last === true || rows.length === 0 || (last === undefined && rows.length < LIST_PAGE)) return out;
    }
    return out;
  }

  async features(): Promise<PxFeature[]> {
    const rows = await this.pages("/feature", (b) => {
      const body = featureList.parse(b);
      return { rows: body.features, last: body.isLastPage };
    });
    return rows.map((f) => ({ id: f.id, name: f.name ?? f.id, type: f.type ?? null, status: f.status ?? null }));
  }

  async engagements(): Promise<PxEngagement[]> {
    const rows = await this.pages("/engagement", (b) => {
      const body = engagementList.parse(b);
      return { rows: body.engagements, last: body.isLastPage };
    });
    return rows.map((e) => ({ id: e.id, name: e.name ?? e.id, type: e.type ?? null, state: e.state ?? null }));
  }
}
