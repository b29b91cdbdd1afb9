import { z } from "zod";
import { db } from "@/lib/db";
import { parseAddressParams } from "@/lib/http/address-params";
import type { Prisma } from "@/lib/generated/prisma/client";
import {
  DEFAULT_RUN_DIR,
  DEFAULT_RUN_SORT,
  describeRunSort,
  optionalParam,
  RUN_KINDS,
  RUN_STATUSES,
  runSortSchema,
  sortDirectionSchema,
  systemParamSchema,
  upperEnum,
  type RunSort,
  type SortDirection,
} from "@/lib/sync/history/params";
import { encodeRunCursor, runCursorSchema, runPosition, SORT_COLUMN, type RunPosition } from "@/lib/sync/history/run-cursor";
import { runHeader, type RunHeader } from "@/lib/sync/history/run-header";
import { sumRunCounts, type MatchSummary, type PullCounts, type PushCounts } from "@/lib/sync/history/step-counts";

// Read model of the sync history list (page, GET /api/runs, `cli runs`): newest run first unless
// another sort is asked for (duration, records, API calls, rejected records: totals each run keeps
// on its row when it closes), filtered in SQL, paged by keyset on (sort column, id) so the index on
// that pair serves every page: rows come off that index in order, never from a sort of every run.
// Runs still in progress keep 0 in those totals until they close, so they sort as 0.

/** Unset or sent empty by the form: the default. */
const withDefault = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === "" ? undefined : v), schema);

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
  sort: withDefault(runSortSchema.default(DEFAULT_RUN_SORT)),
  dir: withDefault(sortDirectionSchema.default(DEFAULT_RUN_DIR)),
  /** After this position in the list's order: the next page ("Older" while newest first). */
  before: optionalParam(runCursorSchema),
  /** Ahead of this position in the list's order: the previous page ("Newer" while newest first). */
  after: optionalParam(runCursorSchema),
  limit: z.coerce.number().int().min(1).max(100).default(25),
})
  // A position read under another sort would page through the wrong column: refused, not guessed.
  .superRefine((filter, ctx) => {
    // Zod runs this even when a field failed: only a filter whose fields all parsed is compared.
    if (ctx.issues.length > 0) return;
    for (const key of ["before", "after"] as const) {
      const position = filter[key];
      if (position && (position.sort !== filter.sort || position.dir !== filter.dir)) {
        ctx.addIssue({
          code: "custom",
          path: [key],
          message: `belongs to the list ${describeRunSort(position.sort, position.dir)}, not to this one (${describeRunSort(filter.sort, filter.dir)}): leave ${key} out to start from the first page.`,
        });
      }
    }
  });
export type RunFilter = z.infer<typeof runFilterSchema>;
export type RunFilterInput = z.input<typeof runFilterSchema>;

/** The filter the history page's address asks for; what does not parse is left out and named. */
export const runFilterFromAddress = (search: Record<string, unknown>) => parseAddressParams(runFilterSchema, search);

export interface RunRow extends RunHeader {
  pull: PullCounts | null;
  match: MatchSummary | null;
  push: PushCounts | null;
  apiCalls: number;
}

export interface RunList {
  runs: RunRow[];
  /** The order the runs come in. */
  sort: RunSort;
  dir: SortDirection;
  /** Pass as `after` for the previous page (newer, while newest first); null on the first page. */
  newerCursor: string | null;
  /** Pass as `before` for the next page (older, while newest first); null on the last page. */
  olderCursor: string | null;
  /** False only when no run was ever recorded, so the page can tell "none yet" from "none match". */
  anyRun: boolean;
}

const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000);

const flip = (dir: SortDirection): SortDirection => (dir === "asc" ? "desc" : "asc");

/**
 * Rows past `position` reading in `dir`. The plain bound (column <= value) is what the index scan
 * starts from; the OR only sorts out the rows tied with the position, so a deep page costs what the
 * first does plus those ties (EXPLAIN at 100,000 runs: an index range scan, never a Sort).
 */
function keyset(position: RunPosition, dir: SortDirection): Prisma.SyncRunWhereInput {
  const column = SORT_COLUMN[position.sort];
  const value = column === "startedAt" ? new Date(position.value) : position.value;
  const [past, upTo] = dir === "desc" ? (["lt", "lte"] as const) : (["gt", "gte"] as const);
  // One column name chosen at run time: Prisma's input types cannot follow it, the shape is checked here.
  const where = (condition: object) => ({ [column]: condition }) as Prisma.SyncRunWhereInput;
  return { AND: [where({ [upTo]: value }), { OR: [where({ [past]: value }), { AND: [where({ equals: value }), { id: { [past]: position.id } }] }] }] };
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
  const { sort, dir } = filter;
  // Going back a page reads the rows ahead of the cursor in reverse order, then flips them back.
  const backwards = Boolean(filter.after && !filter.before);
  const position = filter.before ?? filter.after;
  const reading = backwards ? flip(dir) : dir;
  const rows = await db.syncRun.findMany({
    where: position ? { AND: [base, keyset(position, reading)] } : base,
    orderBy: [{ [SORT_COLUMN[sort]]: reading }, { id: reading }],
    take: filter.limit + 1,
    include: { steps: { select: { name: true, status: true, stats: true, apiCalls: true } } },
  });
  const more = rows.length > filter.limit;
  const page = rows.slice(0, filter.limit);
  if (backwards) page.reverse();

  const first = page[0];
  const last = page.at(-1);
  const hasPrevious = backwards ? more : Boolean(filter.before);
  const hasNext = backwards ? true : more;
  const anyRun = page.length > 0 || Boolean(position) || (await db.syncRun.findFirst({ select: { id: true } })) !== null;

  return {
    runs: page.map((run) => toRow(run, now)),
    sort,
    dir,
    newerCursor: hasPrevious && first ? encodeRunCursor(runPosition(first, sort, dir)) : null,
    olderCursor: hasNext && last ? encodeRunCursor(runPosition(last, sort, dir)) : null,
    anyRun,
  };
}

type RunWithSteps = Prisma.SyncRunGetPayload<{ include: { steps: { select: { name: true; status: true; stats: true; apiCalls: true } } } }>;

function toRow(run: RunWithSteps, now: Date): RunRow {
  const totals = sumRunCounts(run.steps);
  return { ...runHeader(run, now), pull: totals.pull, match: totals.match, push: totals.push, apiCalls: totals.apiCalls };
}
