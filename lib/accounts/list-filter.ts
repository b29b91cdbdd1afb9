import { z } from "zod";
import { parseAddressParams } from "@/lib/http/address-params";
import { optionalParam } from "@/lib/sync/history/params";

// The Accounts list's state is its address: every sort, filter and saved view is a GET parameter,
// so a view can be bookmarked, shared and exported as it is. No database import here: the page's
// forms, the export route and the read model all parse the same parameters.

export const ACCOUNT_SORTS = ["score", "name", "arr", "renewal", "trend7", "trend30"] as const;
export type AccountSort = (typeof ACCOUNT_SORTS)[number];
export type SortDirection = "asc" | "desc";

/** Each sort's first direction: worst health, biggest ARR, nearest renewal and steepest fall first. */
export const DEFAULT_DIRECTION: Record<AccountSort, SortDirection> = { score: "asc", name: "asc", arr: "desc", renewal: "asc", trend7: "asc", trend30: "asc" };
export const DEFAULT_SORT: AccountSort = "score";

export const COLOUR_FILTERS = ["red", "yellow", "green", "none"] as const;
export type ColourFilter = (typeof COLOUR_FILTERS)[number];

/** "me" is the signed-in user (matched to a Salesforce user by email), "none" accounts without a CSM. */
export const CSM_ME = "me";
export const CSM_NONE = "none";

const NUL = /\u0000/;
// PostgreSQL cannot store or compare a NUL: refuse it here, before it reaches a query.
const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max, { error: `Keep it under ${max} characters.` })
    .refine((s) => !NUL.test(s), { error: "A NUL character is not allowed." });

/** A Salesforce record id: 15 or 18 letters and digits. */
const salesforceId = z.string().trim().regex(/^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/, { error: "Give a Salesforce user id (15 or 18 letters and digits), me or none." });

const withDefault = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === "" ? undefined : v), schema);

export const accountFilterSchema = z.object({
  /** Part of the account name, or the start of its Salesforce id. */
  q: optionalParam(text(100)),
  colour: optionalParam(z.enum(COLOUR_FILTERS, { error: "The colour is red, yellow, green or none." })),
  /** The account's ARR tier (ARR_Tier__c), exactly as Salesforce holds it. */
  segment: optionalParam(text(255)),
  /** A Salesforce user id (CSM__c), "me" or "none". */
  csm: optionalParam(z.union([z.literal(CSM_ME), z.literal(CSM_NONE), salesforceId])),
  /** Renewal date from today through today + N days. */
  renewingIn: optionalParam(z.coerce.number().int().min(1).max(3650, { error: "Renewing in at most 3650 days." })),
  sort: withDefault(z.enum(ACCOUNT_SORTS, { error: "Sort by score, name, arr, renewal, trend7 or trend30." }).default(DEFAULT_SORT)),
  dir: optionalParam(z.enum(["asc", "desc"])),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(50),
});
export type AccountFilter = z.infer<typeof accountFilterSchema>;

/** The export takes the list's filter and sort, never a page. */
export const accountExportSchema = accountFilterSchema.omit({ page: true, pageSize: true });
export type AccountExportFilter = z.infer<typeof accountExportSchema>;

export const direction = (f: Pick<AccountFilter, "sort" | "dir">): SortDirection => f.dir ?? DEFAULT_DIRECTION[f.sort];

/** The filter as GET parameters, defaults left out (so the address stays short): the base of every link. */
export function filterParams(f: AccountExportFilter): Record<string, string | undefined> {
  return {
    q: f.q,
    colour: f.colour,
    segment: f.segment,
    csm: f.csm,
    renewingIn: f.renewingIn === undefined ? undefined : String(f.renewingIn),
    sort: f.sort === DEFAULT_SORT ? undefined : f.sort,
    dir: f.dir === undefined || f.dir === DEFAULT_DIRECTION[f.sort] ? undefined : f.dir,
  };
}

/** Parameters for a column's sort link: the other direction when it is the sort now, else its first one. */
export function sortParams(f: AccountExportFilter, sort: AccountSort): Record<string, string | undefined> {
  const dir: SortDirection = f.sort === sort ? (direction(f) === "asc" ? "desc" : "asc") : DEFAULT_DIRECTION[sort];
  return filterParams({ ...f, sort, dir });
}

export interface SavedView {
  key: "mine" | "at-risk" | "renewing";
  label: string;
  /** The parameters the view sets; everything else is cleared. */
  params: Record<string, string>;
  title: string;
}

export const SAVED_VIEWS: readonly SavedView[] = [
  { key: "mine", label: "My accounts", params: { csm: CSM_ME }, title: "Accounts whose CSM in Salesforce has your email address" },
  { key: "at-risk", label: "At risk", params: { colour: "red" }, title: "Accounts whose health is red" },
  { key: "renewing", label: "Renewing in 90 days", params: { renewingIn: "90", sort: "renewal" }, title: "Accounts renewing in the next 90 days, nearest first" },
];

/** The saved view the filter is exactly, if any (the sort of "renewing" may be flipped). */
export function activeView(f: AccountExportFilter): SavedView["key"] | null {
  const current = filterParams(f);
  for (const view of SAVED_VIEWS) {
    const keys = new Set([...Object.keys(current), ...Object.keys(view.params)]);
    let same = true;
    for (const k of keys) {
      if (k === "dir") continue;
      if ((current[k] ?? undefined) !== (view.params[k] ?? undefined)) same = false;
    }
    if (same) return view.key;
  }
  return null;
}

export const isFiltered = (f: AccountExportFilter): boolean =>
  f.q !== undefined || f.colour !== undefined || f.segment !== undefined || f.csm !== undefined || f.renewingIn !== undefined;

const COLOUR_WORDS: Record<ColourFilter, string> = { red: "red health", yellow: "yellow health", green: "green health", none: "no health score" };

/** The filters in words, for "No account has …" and the export's summary. `csmName` names the CSM filter's user. */
export function describeFilter(f: AccountExportFilter, csmName?: string | null): string[] {
  const parts: string[] = [];
  if (f.colour) parts.push(COLOUR_WORDS[f.colour]);
  if (f.segment) parts.push(`segment ${f.segment}`);
  if (f.csm === CSM_ME) parts.push("you as CSM");
  else if (f.csm === CSM_NONE) parts.push("no CSM");
  else if (f.csm) parts.push(`CSM ${csmName ?? f.csm}`);
  if (f.renewingIn !== undefined) parts.push(`a renewal date in the next ${f.renewingIn} day${f.renewingIn === 1 ? "" : "s"}`);
  if (f.q) parts.push(`a name containing “${f.q}” or an id starting with it`);
  return parts;
}

/** The filter from the page's address: a parameter that does not parse is left out and named, instead of throwing away the whole view. */
export const parseAccountFilter = (params: Record<string, string | string[] | undefined>): { filter: AccountFilter; ignored: string[] } =>
  parseAddressParams(accountFilterSchema, params);
