import { z } from "zod";
import { RUN_SORTS, type RunSort, type SortDirection } from "@/lib/sync/history/params";

// Keyset position in the run list: the sort key and id of a row, and the sort it was read under.
// Runs keep arriving while someone pages, so an offset would shift rows between pages; a keyset
// does not. The id breaks ties, which are common outside the start-time sort (many runs take the
// same number of API calls). A position only means something under its own sort and direction,
// so it says which one, and the list refuses it under any other. startedAt is stored with
// millisecond precision (timestamp(3)), so milliseconds round-trip exactly.

/** The SyncRun column each sort reads; each has an index on (column, id). */
export const SORT_COLUMN = {
  started: "startedAt",
  duration: "durationMs",
  records: "recordCount",
  apiCalls: "apiCallCount",
  rejected: "rejectedCount",
} as const satisfies Record<RunSort, string>;

export interface RunPosition {
  sort: RunSort;
  dir: SortDirection;
  /** Milliseconds since 1970 for "started"; the column's value for the others. */
  value: number;
  id: string;
}

type SortedRow = { id: string; startedAt: Date } & Record<Exclude<(typeof SORT_COLUMN)[RunSort], "startedAt">, number>;

/** Where `row` stands in the list sorted by `sort`, `dir`. */
export function runPosition(row: SortedRow, sort: RunSort, dir: SortDirection): RunPosition {
  const column = SORT_COLUMN[sort];
  return { sort, dir, value: column === "startedAt" ? row.startedAt.getTime() : row[column], id: row.id };
}

/** "duration.desc.90000.cmabc123": readable in an address, and no part of it can hold a dot. */
export const encodeRunCursor = (p: RunPosition): string => `${p.sort}.${p.dir}.${p.value}.${p.id}`;

const INT_MAX = 2_147_483_647;
const LAST_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
const CURSOR = new RegExp(`^(${RUN_SORTS.join("|")})\\.(asc|desc)\\.(\\d{1,15})\\.([A-Za-z0-9_-]{1,64})$`);
const NOT_A_POSITION = "is not a position in the run list: pass a newerCursor or olderCursor of a listing as it came, or leave it out to start from the first page.";

export const runCursorSchema = z
  .string()
  .regex(CURSOR, NOT_A_POSITION)
  .transform((s): RunPosition => {
    const [, sort, dir, value, id] = CURSOR.exec(s)!;
    return { sort: sort as RunSort, dir: dir as SortDirection, value: Number(value), id: id! };
  })
  // Out of the column's range, the query would fail rather than find nothing: the counts are INTEGER,
  // and a start time past year 9999 has no ISO form PostgreSQL reads.
  .refine((p) => p.value <= (p.sort === "started" ? LAST_MS : INT_MAX), NOT_A_POSITION);
