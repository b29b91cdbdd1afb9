import type { PendoGuide, PendoUsageReader } from "@/lib/connectors/pendo/usage";
import { saveEngagements, saveFeatures } from "@/lib/usage/catalogue";
import { addDays, type DayRange } from "@/lib/usage/days";
import { ingestDays } from "@/lib/usage/ingest-days";
import type { UsageOptions, UsageStepContext } from "@/lib/usage/options";
import { pendoNpsResponses } from "@/lib/usage/pendo-nps";
import { emptyBatch, inRange, type UsageBatch } from "@/lib/usage/rollup";

// Pendo usage into the rollups, in Pendo's own days (its subscription's time zone, as its answers
// draw them; see lib/connectors/pendo/usage-pipelines.ts), up to Pendo's yesterday by Pendo's
// clock. Per batch of days: visitor days (events, minutes), feature clicks, each guide's views and,
// for NPS guides, the rating and reason polls.

/** A guide still in draft was never shown: no views to ask for. */
const mayHaveViews = (g: PendoGuide) => g.state !== "draft";

async function readPendoBatch(reader: PendoUsageReader, guides: PendoGuide[], range: DayRange): Promise<UsageBatch> {
  const batch = emptyBatch(range);
  for await (const page of reader.visitorDays(range.from, range.to)) {
    for (const r of page) batch.userDays.push({ day: r.day, accountId: r.accountId, userId: r.visitorId, events: r.events, minutes: r.minutes });
  }
  for await (const page of reader.featureDays(range.from, range.to)) {
    for (const r of page) batch.userFeatureDays.push({ day: r.day, accountId: r.accountId, featureId: r.featureId, userId: r.visitorId, clicks: r.clicks });
  }
  for (const guide of guides.filter(mayHaveViews)) {
    for (const r of await reader.guideViews(guide.id, range.from, range.to)) {
      batch.userEngagementDays.push({ day: r.day, accountId: r.accountId, engagementId: guide.id, userId: r.visitorId, views: r.views });
    }
    if (!guide.nps) continue;
    const ratings = await reader.pollAnswers(guide.id, guide.nps.ratingPollId, range.from, range.to);
    const reasons = guide.nps.reasonPollId ? await reader.pollAnswers(guide.id, guide.nps.reasonPollId, range.from, addDays(range.to, 1)) : [];
    batch.nps.push(...pendoNpsResponses(guide.id, guide.nps.ratingPollId, ratings, reasons));
  }
  // Pendo answers for whole days of the range; anything else would land in days this batch does not replace.
  return {
    range,
    userDays: inRange(batch.userDays, range),
    userFeatureDays: inRange(batch.userFeatureDays, range),
    userEngagementDays: inRange(batch.userEngagementDays, range),
    nps: inRange(batch.nps, range),
  };
}

/** Refreshes Pendo's features and guides, then ingests the days due; returns the days planned. */
export async function ingestPendo(reader: PendoUsageReader, ctx: UsageStepContext, options: UsageOptions = {}): Promise<DayRange | null> {
  const [features, guides] = await Promise.all([reader.features(), reader.guides()]);
  await saveFeatures(ctx.integrationId, features.map((f) => ({ id: f.id, name: f.name, kind: f.kind, active: true })), ctx.stats);
  await saveEngagements(
    ctx.integrationId,
    guides.map((g) => ({ id: g.id, name: g.name, kind: g.kind, state: g.state, active: g.state === "public", isNps: g.nps !== null })),
    ctx.stats,
  );
  return ingestDays(ctx, { yesterday: () => reader.yesterday(), readBatch: (range) => readPendoBatch(reader, guides, range) }, options);
}
