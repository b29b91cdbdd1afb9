import { z } from "zod";
import { optionalParam } from "@/lib/sync/history/params";
import { addDays, isDay, type Day } from "@/lib/usage/days";

// Which two days "Why it changed" compares, from the page's address: ?days=1|7|30|90 (the newest
// scored day against that many days before), or ?from=YYYY-MM-DD&to=YYYY-MM-DD (any two days).
// Scores are kept per scored day only; a day without one is compared through the newest scored
// day on or before it, and the page says so.

export const CHANGE_SPANS = [1, 7, 30, 90] as const;
export type ChangeSpan = (typeof CHANGE_SPANS)[number];
export const DEFAULT_CHANGE_SPAN: ChangeSpan = 7;

const day = (what: string) => z.string().trim().refine(isDay, { error: `${what} must be a day written YYYY-MM-DD, e.g. 2026-11-19.` });

export const changeQuerySchema = z
  .object({
    days: optionalParam(
      z.coerce
        .number({ error: "Compare over 1, 7, 30 or 90 days." })
        .refine((n): n is ChangeSpan => (CHANGE_SPANS as readonly number[]).includes(n), { error: "Compare over 1, 7, 30 or 90 days." }),
    ),
    from: optionalParam(day("The first day")),
    to: optionalParam(day("The second day")),
  })
  .superRefine((q, ctx) => {
    if ((q.from === undefined) !== (q.to === undefined)) ctx.addIssue({ code: "custom", path: [q.from === undefined ? "from" : "to"], message: "Give both days to compare, or neither." });
    if (q.from !== undefined && q.to !== undefined && q.from >= q.to) ctx.addIssue({ code: "custom", path: ["to"], message: "The second day must be after the first." });
  });
export type ChangeQuery = z.infer<typeof changeQuerySchema>;

export type ChangeSelection = { kind: "span"; days: ChangeSpan } | { kind: "days"; from: Day; to: Day };

/** Two days win over a span when both are given; the default is 7 days. */
export function changeSelection(query: ChangeQuery): ChangeSelection {
  if (query.from !== undefined && query.to !== undefined) return { kind: "days", from: query.from, to: query.to };
  return { kind: "span", days: (query.days as ChangeSpan | undefined) ?? DEFAULT_CHANGE_SPAN };
}

/** The days asked for, before resolving each to a scored day: `newest` is the account's newest scored day. */
export function changeTargets(selection: ChangeSelection, newest: Day): { before: Day; after: Day } {
  if (selection.kind === "days") return { before: selection.from, after: selection.to };
  return { before: addDays(newest, -selection.days), after: newest };
}

/** The query string of a selection, for links and the form (the default span leaves the address bare). */
export function changeParams(selection: ChangeSelection): Record<string, string | undefined> {
  if (selection.kind === "days") return { from: selection.from, to: selection.to };
  return { days: selection.days === DEFAULT_CHANGE_SPAN ? undefined : String(selection.days) };
}
