import { z } from "zod";
import type { IntegrationSystem, RunKind, RunStatus } from "@/lib/generated/prisma/enums";

// Query parameters shared by the history pages, their API routes and `cli runs`. No database
// import here: the filter forms read these lists too.

export const RUN_STATUSES = ["QUEUED", "RUNNING", "SUCCEEDED", "PARTIAL", "FAILED", "CANCELLED"] as const satisfies readonly RunStatus[];
export const RUN_KINDS = ["PULL", "MATCH", "SYNC", "USAGE", "RETRY", "PREVIEW"] as const satisfies readonly RunKind[];
/** Runs the worker has not finished: their pages refresh themselves. */
export const LIVE_STATUSES: readonly RunStatus[] = ["QUEUED", "RUNNING"];

/** A GET form sends an unset filter as "": that means "no filter", not bad input. */
export const optionalParam = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === "" ? undefined : v), schema.optional());

/** "PENDING", "pending" and "Pending" all name the same enum value. */
export const upperEnum = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.preprocess((v) => (typeof v === "string" ? v.trim().toUpperCase() : v), z.enum(values));

/** The systems as people and scripts name them (salesforce, pendo, px), mapped to the stored enum. */
export const SYSTEM_PARAM = { salesforce: "SALESFORCE", pendo: "PENDO", px: "PX" } as const satisfies Record<string, IntegrationSystem>;

export const systemParamSchema = z
  .preprocess((v) => (typeof v === "string" ? v.trim().toLowerCase() : v), z.enum(["salesforce", "pendo", "px"]))
  .transform((v) => SYSTEM_PARAM[v]);

/** A SyncRun id as it appears in a URL or on the command line (cuids; migrated pulls kept theirs). */
export const runIdSchema = z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, "is not a run id");

/** What the history sorts by: start time, or a total each run keeps on its row (indexed with its id). */
export const RUN_SORTS = ["started", "duration", "records", "apiCalls", "rejected"] as const;
export type RunSort = (typeof RUN_SORTS)[number];
export type SortDirection = "asc" | "desc";
export const DEFAULT_RUN_SORT: RunSort = "started";
/** Every sort starts with the biggest: newest, longest, most records, most calls, most refused. */
export const DEFAULT_RUN_DIR: SortDirection = "desc";

/** How the page and `cli runs --help` name each sort and its two directions. */
export const RUN_SORT_WORDS: Record<RunSort, { label: string; desc: string; asc: string }> = {
  started: { label: "Start time", desc: "newest first", asc: "oldest first" },
  duration: { label: "Duration", desc: "longest first", asc: "shortest first" },
  records: { label: "Records", desc: "most records first", asc: "fewest records first" },
  apiCalls: { label: "API calls", desc: "most API calls first", asc: "fewest API calls first" },
  rejected: { label: "Rejected records", desc: "most rejected records first", asc: "fewest rejected records first" },
};

/** "sorted by duration, longest first" */
export const describeRunSort = (sort: RunSort, dir: SortDirection): string => `sorted by ${RUN_SORT_WORDS[sort].label.toLowerCase()}, ${RUN_SORT_WORDS[sort][dir]}`;

// The command line is typed by hand: "apicalls", "api-calls" and "apiCalls" all name one sort.
const sortKey = (v: string) => v.trim().toLowerCase().replace(/[-_\s]/g, "");
const SORT_BY_KEY = new Map<string, RunSort>(RUN_SORTS.map((s) => [sortKey(s), s]));

export const runSortSchema = z.preprocess(
  (v) => (typeof v === "string" ? (SORT_BY_KEY.get(sortKey(v)) ?? v) : v),
  z.enum(RUN_SORTS, { error: "Sort by started, duration, records, apiCalls or rejected." }),
);
export const sortDirectionSchema = z.preprocess((v) => (typeof v === "string" ? v.trim().toLowerCase() : v), z.enum(["asc", "desc"], { error: "Give the direction as asc or desc." }));
