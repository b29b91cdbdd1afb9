import type { z } from "zod";

/**
 * A page's filter from its address, leniently: parameters that do not parse (edited by hand, a
 * paging cursor of another sort, a repeated key) are left out and named, so the page can say so,
 * and the others still apply. An API route refuses the same parameters instead.
 */
export function parseAddressParams<S extends z.ZodType>(schema: S, params: Record<string, unknown>): { filter: z.infer<S>; ignored: string[] } {
  let rest = { ...params };
  const ignored: string[] = [];
  // Each round drops at least one parameter (or all of them), so this ends; a check across several
  // parameters (a cursor that must match the sort) drops the one it names.
  for (;;) {
    const parsed = schema.safeParse(rest);
    if (parsed.success) return { filter: parsed.data, ignored };
    const bad = [...new Set(parsed.error.issues.map((issue) => String(issue.path[0] ?? "")))].filter((key) => key in rest);
    if (bad.length === 0) return { filter: schema.parse({}), ignored: [...ignored, ...Object.keys(rest)] };
    ignored.push(...bad);
    rest = Object.fromEntries(Object.entries(rest).filter(([key]) => !bad.includes(key)));
  }
}
