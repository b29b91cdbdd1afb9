import { z } from "zod";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { optionalParam, RUN_KINDS, RUN_STATUSES, systemParamSchema, upperEnum } from "@/lib/sync/history/params";
import { encodeRunCursor, runCursorSchema, type RunPosition } from "@/lib/sync/history/run-cursor";
import { runHeader, type RunHeader } from "@/lib/sync/history/run-header";
import { sumRunCounts, type MatchSummary, type PullCounts, type PushCounts } from "@/lib/sync/history/step-counts";

// Read model of the sync history list (page, GET /api/runs, `cli runs`): newest run first, filtered
// in SQL, paged by keyset on (startedAt, id) so the [startedAt] index serves every page.

// PostgreSQL has no timestamp before 4713 BC: a day before any run is refused, not sent.
const runDay = z.iso.date({ error: "Give the day as YYYY-MM-DD." }).refine((d) => d >= "1900-01-01", { error: "Give a day from 1900-01-01 on." });

export const runFilterSchema = z.object({
  /** salesforce, pendo or px */
  integration: optionalParam(systemParamSchema),
  status: optionalParam(upperEnum(RUN_STATUSES)),
  kind: optionalParam(upperEnum(RUN_KINDS)),
  /** manual, schedule, cli, retry, ... (SyncRun.trigger) */
  trigger: optionalParam(z.string().trim().toLowerCase().regex(/^[a-z-]{1,20}$/, "is not a trigger")),
  /** Runs started on or after this day, and on or before that one (UTC days, as the page says). */
  from: optionalParam(runDay),
  to: optionalParam(runDay),
  /** Only runs a vendor refused at least one record of. */
  rejected: optionalParam(z.enum(["1", "true"]).transform(() => true as const)),
  /** Older than this position (the "Older" link). */
  before: optionalParam(runCursorSchema),
  /** Newer than this position (the "Newer" link). */
  after: optionalParam(runCursorSchema),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});
export type RunFilter = z.infer<typeof runFilterSchema>;
export type RunFilterInput = z.input<typeof runFilterSchema>;

export interface RunRow extends RunHeader {
  pull: PullCounts | null;
  match: MatchSummary | null;
  push: PushCounts | null;
  apiCalls: number;
}

export interface RunList {
  runs: RunRow[];
  /** Pass as `after` for the newer page; null on the newest page. */
  newerCursor: string | null;
  /** Pass as `before` for the older page; null on the oldest page. */
  olderCursor: string | null;
  /** False only when no run was ever recorded, so the page can tell "none yet" from "none match". */
  anyRun: boolean;
}

const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000);

function keyset(position: RunPosition, direction: "lt" | "gt"): Prisma.SyncRunWhereInput {
  return {
    OR: [{ startedAt: { [direction]: position.startedAt } }, { startedAt: position.startedAt, id: { [direction]: position.id } }],
  };
}

export async function listRuns(filter: RunFilter, now = new Date()): Promise<RunList> {
  const base: Prisma.SyncRunWhereInput = {
    ...(filter.integration ? { system: filter.integration } : {}),
    ...(filter.status ? { status: filter.status } : {}),
    ...(filter.kind ? { kind: filter.kind } : {}),
    ...(filter.trigger ? { trigger: filter.trigger } : {}),
    ...(filter.from || filter.to ? { startedAt: { ...(filter.from ? { gte: new Date(`${filter.from}T00:00:00Z`) } : {}), ...(filter.to ? { lt: nextDay(filter.to) } : {}) } } : {}),
    // Served by the (runId, outcome) index of SyncRecordResult: one probe per run read.
    ...(filter.rejected ? { records: { some: { outcome: "rejected" } } } : {}),
  };
  // Going to newer rows reads them oldest-first from the cursor, then flips them back.
  const towardsNewer = Boolean(filter.after && !filter.before);
  const position = filter.before ?? filter.after;
  const order = towardsNewer ? "asc" : "desc";
  const rows = await db.syncRun.findMany({
    where: position ? { AND: [base, keyset(position, towardsNewer ? "gt" : "lt")] } : base,
    orderBy: [{ startedAt: order }, { id: order }],
    take: filter.limit + 1,
    include: { steps: { select: { name: true, status: true, stats: true, apiCalls: true } } },
  });
  const more = rows.length > filter.limit;
  const page = rows.slice(0, filter.limit);
  if (towardsNewer) page.reverse();

  const first = page[0];
  const last = page.at(-1);
  const hasNewer = towardsNewer ? more : Boolean(filter.before);
  const hasOlder = towardsNewer ? true : more;
  const anyRun = page.length > 0 || Boolean(position) || (await db.syncRun.findFirst({ select: { id: true } })) !== null;

  return {
    runs: page.map((run) => toRow(run, now)),
    newerCursor: hasNewer && first ? encodeRunCursor(first) : null,
    olderCursor: hasOlder && last ? encodeRunCursor(last) : null,
    anyRun,
  };
}

type RunWithSteps = Prisma.SyncRunGetPayload<{ include: { steps: { select: { name: true; status: true; stats: true; apiCalls: true } } } }>;

function toRow(run: RunWithSteps, now: Date): RunRow {
  const totals = sumRunCounts(run.steps);
  return { ...runHeader(run, now), pull: totals.pull, match: totals.match, push: totals.push, apiCalls: totals.apiCalls };
}
