import type { PxUsageKind, PxUsageReader } from "@/lib/connectors/px/usage";
import { db } from "@/lib/db";
import { saveEngagements, saveFeatures } from "@/lib/usage/catalogue";
import { addDays, utcDay, type DayRange } from "@/lib/usage/days";
import { ingestDays } from "@/lib/usage/ingest-days";
import type { UsageOptions, UsageStepContext } from "@/lib/usage/options";
import { PxDayRollup } from "@/lib/usage/px-rollup";
import type { UsageBatch } from "@/lib/usage/rollup";

// Gainsight PX usage into the rollups, in UTC days up to PX's yesterday (PX's API tells no time
// zone; its clock is the Date of its responses, the hub's clock when it sends none). Per batch of days, each event endpoint is scrolled once with a date
// filter and rolled up as it is read (px-rollup.ts). PX's pageView stream is not read: sessions
// already mark a user active, and page views would multiply the calls many times over.

const ACTIVITY: PxUsageKind[] = ["session", "custom"];

async function readPxBatch(reader: PxUsageReader, range: DayRange): Promise<UsageBatch> {
  const rollup = new PxDayRollup(range);
  for (const kind of ACTIVITY) for await (const page of reader.events(kind, range.from, range.to)) page.forEach((e) => rollup.addActivity(e));
  for await (const page of reader.events("feature_match", range.from, range.to)) page.forEach((e) => rollup.addFeatureMatch(e));
  for await (const page of reader.events("engagementView", range.from, range.to)) page.forEach((e) => rollup.addEngagementView(e));
  for await (const page of reader.events("survey_response", range.from, range.to)) page.forEach((e) => rollup.addSurveyResponse(e));
  return rollup.result();
}

/** PX's engagement list does not say which surveys are NPS; the responses do. */
async function npsSurveyIds(integrationId: string): Promise<Set<string>> {
  const rows = await db.usageNpsResponse.findMany({ where: { integrationId }, distinct: ["surveyId"], select: { surveyId: true } });
  return new Set(rows.map((r) => r.surveyId));
}

/** Refreshes PX's features and engagements, then ingests the days due; returns the days planned. */
export async function ingestPx(reader: PxUsageReader, ctx: UsageStepContext, options: UsageOptions = {}): Promise<DayRange | null> {
  const [features, engagements] = await Promise.all([reader.features(), reader.engagements()]);
  await saveFeatures(ctx.integrationId, features.map((f) => ({ id: f.id, name: f.name, kind: f.type, active: f.status !== "DELETED" })), ctx.stats);
  const entries = (nps: Set<string>) =>
    engagements.map((e) => ({ id: e.id, name: e.name, kind: e.type, state: e.state, active: e.state === "RUNNING", isNps: nps.has(e.id) }));
  await saveEngagements(ctx.integrationId, entries(await npsSurveyIds(ctx.integrationId)), ctx.stats);
  const yesterday = addDays(utcDay(options.now ?? reader.serverNow() ?? new Date()), -1);
  const window = await ingestDays(ctx, { yesterday: async () => yesterday, readBatch: (range) => readPxBatch(reader, range) }, options);
  await saveEngagements(ctx.integrationId, entries(await npsSurveyIds(ctx.integrationId)), ctx.stats);
  return window;
}
