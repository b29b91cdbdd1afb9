import { z } from "zod";
import type { PendoConnector } from "@/lib/connectors/pendo/client";
import {
  featureDaysPipeline,
  guideViewsPipeline,
  pendoDayOf,
  pollAnswersPipeline,
  visitorDaysPipeline,
  yesterdayProbe,
  type PendoDay,
  type VisitorDayKey,
} from "@/lib/connectors/pendo/usage-pipelines";
import { AppError } from "@/lib/errors";

// Pendo usage as the hub's ingestion reads it: rows of one range of Pendo's days, each named by
// its day (usage-pipelines.ts says how), with vendor values checked at the door.

const id = z.union([z.string(), z.number()]).transform(String);
const account = z.union([z.string(), z.number()]).nullish().transform((v) => (v === null || v === undefined ? "" : String(v)));
const count = z.number().finite().transform((n) => Math.max(0, Math.round(n)));

const aggregationSchema = z.object({ startTime: z.number().optional(), results: z.array(z.record(z.string(), z.unknown())) }).loose();
const visitorDayRow = z.object({ day: z.number(), visitorId: id, accountId: account, numEvents: count, numMinutes: count });
const featureDayRow = z.object({ day: z.number(), visitorId: id, accountId: account, featureId: id, clicks: count });
const pollAnswerRow = z.object({ day: z.number(), visitorId: id, accountId: account, browserTime: z.number(), response: z.union([z.string(), z.number()]).nullish() });
const guideViewRow = z.object({ day: z.number(), visitorId: id, accountId: account, views: count });
const featureList = z.array(z.object({ id, name: z.string().nullish(), kind: z.string().nullish() }).loose());
const pollSchema = z.object({ id, attributes: z.object({ type: z.string().nullish() }).loose().nullish() }).loose();
const guideList = z.array(z.object({ id, name: z.string().nullish(), kind: z.string().nullish(), state: z.string().nullish(), polls: z.array(pollSchema).nullish() }).loose());

export interface PendoVisitorDay {
  day: PendoDay;
  visitorId: string;
  accountId: string;
  events: number;
  minutes: number;
}

export interface PendoFeatureDay {
  day: PendoDay;
  visitorId: string;
  accountId: string;
  featureId: string;
  clicks: number;
}

export interface PendoPollAnswer {
  day: PendoDay;
  visitorId: string;
  accountId: string;
  at: number;
  response: string | number | null;
}

export interface PendoGuideViews {
  day: PendoDay;
  visitorId: string;
  accountId: string;
  views: number;
}

export interface PendoGuide {
  id: string;
  name: string;
  kind: string | null;
  state: string | null;
  /** The NPS rating poll (poll type NPSRating) and its reason poll, when the guide is an NPS survey. */
  nps: { ratingPollId: string; reasonPollId: string | null } | null;
}

export interface PendoFeature {
  id: string;
  name: string;
  kind: string | null;
}

/** Rows per aggregation page; a day of 50,000 active visitors is one page. */
const PAGE_ROWS = 50_000;

// Pendo's own sample NPS guide has the rating poll first and the free-text reason second
// (spec A2.4 example 5); the poll type says which is which when it is set.
function npsPolls(polls: z.infer<typeof pollSchema>[] | null | undefined): PendoGuide["nps"] {
  const rating = polls?.find((p) => p.attributes?.type === "NPSRating");
  if (!rating) return null;
  const others = polls!.filter((p) => p !== rating);
  const reason = others.find((p) => p.attributes?.type === "NPSReason") ?? others.find((p) => p.attributes?.type === "FreeForm") ?? others[0];
  return { ratingPollId: rating.id, reasonPollId: reason?.id ?? null };
}

export class PendoUsageReader {
  constructor(
    private readonly pendo: PendoConnector,
    private readonly pageRows = PAGE_ROWS,
  ) {}

  apiCalls(): Record<string, number> {
    return this.pendo.apiCalls();
  }

  private async aggregate(pipeline: unknown[]): Promise<{ startTime: number | undefined; results: Record<string, unknown>[] }> {
    const res = await this.pendo.request("/api/v1/aggregation", { method: "POST", body: { response: { mimeType: "application/json" }, request: { pipeline } } }, "POST /aggregation");
    const body = aggregationSchema.parse(await res.json());
    return { startTime: body.startTime, results: body.results };
  }

  /** Pendo's yesterday, by Pendo's clock and in its time zone: the last whole day it has. */
  async yesterday(): Promise<PendoDay> {
    const { startTime } = await this.aggregate(yesterdayProbe());
    if (!startTime) throw new AppError("UNAVAILABLE", "Pendo did not say where its days start (no startTime in the aggregation answer), so usage cannot be cut into days. Try again; if it repeats, report it.");
    return pendoDayOf(startTime);
  }

  /** Pages of keyed rows: the last (day, visitor) of a full page may continue on the next, so it is read again there. */
  private async *keysetPages<R extends { day: number; visitorId: string }>(
    pipelineFor: (start: VisitorDayKey | null) => unknown[],
    parse: (row: Record<string, unknown>) => R,
  ): AsyncGenerator<R[]> {
    let start: VisitorDayKey | null = null;
    for (;;) {
      const rows: R[] = (await this.aggregate(pipelineFor(start))).results.map(parse);
      if (rows.length < this.pageRows) {
        if (rows.length) yield rows;
        return;
      }
      const last = rows[rows.length - 1]!;
      const whole: R[] = rows.filter((r) => r.day !== last.day || r.visitorId !== last.visitorId);
      if (whole.length === 0) throw new AppError("UNAVAILABLE", `Pendo returned more than ${this.pageRows} rows for one visitor on one day; usage ingestion stopped so nothing is cut short. Report it.`);
      yield whole;
      const end: R = whole[whole.length - 1]!;
      start = { day: end.day, visitorId: end.visitorId };
    }
  }

  /** Events and minutes per visitor, account and day, from `from` to `to` (both included). */
  async *visitorDays(from: PendoDay, to: PendoDay): AsyncGenerator<PendoVisitorDay[]> {
    for await (const page of this.keysetPages((start) => visitorDaysPipeline(from, to, start, this.pageRows), (r) => visitorDayRow.parse(r))) {
      yield page.map((r) => ({ day: pendoDayOf(r.day), visitorId: r.visitorId, accountId: r.accountId, events: r.numEvents, minutes: r.numMinutes }));
    }
  }

  /** Clicks per visitor, account, feature and day. */
  async *featureDays(from: PendoDay, to: PendoDay): AsyncGenerator<PendoFeatureDay[]> {
    for await (const page of this.keysetPages((start) => featureDaysPipeline(from, to, start, this.pageRows), (r) => featureDayRow.parse(r))) {
      yield page.map((r) => ({ day: pendoDayOf(r.day), visitorId: r.visitorId, accountId: r.accountId, featureId: r.featureId, clicks: r.clicks }));
    }
  }

  /** Every answer to one poll of one guide given from `from` to `to`. */
  async pollAnswers(guideId: string, pollId: string, from: PendoDay, to: PendoDay): Promise<PendoPollAnswer[]> {
    const { results } = await this.aggregate(pollAnswersPipeline(guideId, pollId, from, to));
    return results.map((raw) => {
      const r = pollAnswerRow.parse(raw);
      return { day: pendoDayOf(r.day), visitorId: r.visitorId, accountId: r.accountId, at: r.browserTime, response: r.response ?? null };
    });
  }

  /** Times one guide was seen, per visitor, account and day. */
  async guideViews(guideId: string, from: PendoDay, to: PendoDay): Promise<PendoGuideViews[]> {
    const { results } = await this.aggregate(guideViewsPipeline(guideId, from, to));
    return results.map((raw) => {
      const r = guideViewRow.parse(raw);
      return { day: pendoDayOf(r.day), visitorId: r.visitorId, accountId: r.accountId, views: r.views };
    });
  }

  async guides(): Promise<PendoGuide[]> {
    const body = guideList.parse(await (await this.pendo.request("/api/v1/guide", {}, "GET /guide")).json());
    return body.map((g) => ({ id: g.id, name: g.name ?? g.id, kind: g.kind ?? null, state: g.state ?? null, nps: npsPolls(g.polls) }));
  }

  async features(): Promise<PendoFeature[]> {
    const body = featureList.parse(await (await this.pendo.request("/api/v1/feature", {}, "GET /feature")).json());
    return body.map((f) => ({ id: f.id, name: f.name ?? f.id, kind: f.kind ?? null }));
  }
}
