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
