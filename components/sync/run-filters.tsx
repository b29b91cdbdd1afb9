import Link from "next/link";
import { queryHref } from "@/components/ui/table";
import { DEFAULT_RUN_DIR, DEFAULT_RUN_SORT, RUN_KINDS, RUN_SORT_WORDS, RUN_SORTS, RUN_STATUSES, type RunSort, type SortDirection } from "@/lib/sync/history/params";
import { TRIGGERS } from "@/lib/sync/history/format";

// The sync history filters as a plain GET form: the URL is the state, so a filtered view can be
// bookmarked or shared, and it works before JavaScript loads. The sort is part of the form, so
// Apply keeps it (and starts from the first page); it is also the one place the rejected-records
// sort, which has no column of its own, is chosen.

const INTEGRATIONS = [
  ["salesforce", "Salesforce"],
  ["pendo", "Pendo"],
  ["px", "Gainsight PX"],
] as const;
const label = (value: string) => value.charAt(0) + value.slice(1).toLowerCase();
const selectClass = "rounded border border-slate-300 bg-white px-2 py-1 text-sm";

interface RunFilterValues {
  integration?: string;
  status?: string;
  kind?: string;
  trigger?: string;
  from?: string;
  to?: string;
  rejected?: string;
  sort: RunSort;
  dir: SortDirection;
}

export function RunFilters({ integration, status, kind, trigger, from, to, rejected, sort, dir }: RunFilterValues) {
  const filtered = Boolean(integration || status || kind || trigger || from || to || rejected);
  return (
    // Keyed by what it shows: a column-header link changes the sort without a submit, and React keeps
    // an uncontrolled select's old choice unless the form is made anew.
    <form key={[integration, status, kind, trigger, from, to, rejected, sort, dir].join("|")} method="get" action="/sync" className="mb-4 flex flex-wrap items-end gap-2 text-sm" role="search" aria-label="Filter runs">
      <label className="flex flex-col text-xs text-slate-600">
        Integration
        <select name="integration" defaultValue={integration ?? ""} className={selectClass}>
          <option value="">All</option>
          {INTEGRATIONS.map(([value, text]) => (
            <option key={value} value={value}>
              {text}
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col text-xs text-slate-600">
        Status
        <select name="status" defaultValue={status ?? ""} className={selectClass}>
          <option value="">Any status</option>
          {RUN_STATUSES.map((s) => (
            <option key={s} value={s}>
              {label(s)}
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col text-xs text-slate-600">
        Kind
        <select name="kind" defaultValue={kind ?? ""} className={selectClass}>
          <option value="">Every kind of run</option>
          {RUN_KINDS.map((k) => (
            <option key={k} value={k}>
              {label(k)}
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col text-xs text-slate-600">
        Trigger
        <select name="trigger" defaultValue={trigger ?? ""} className={selectClass}>
          <option value="">Any trigger</option>
          {Object.entries(TRIGGERS).map(([value, text]) => (
            <option key={value} value={value}>
              {text}
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col text-xs text-slate-600">
        Started from (UTC)
        <input type="date" name="from" defaultValue={from ?? ""} className={selectClass} />
      </label>
      <label className="flex flex-col text-xs text-slate-600">
        to (UTC)
        <input type="date" name="to" defaultValue={to ?? ""} className={selectClass} />
      </label>
      <label className="flex items-center gap-1 self-center pt-4 text-xs text-slate-600">
        <input type="checkbox" name="rejected" value="1" defaultChecked={rejected === "1"} />
        Has rejected records
      </label>
      <label className="flex flex-col text-xs text-slate-600">
        Sort by
        <select name="sort" defaultValue={sort} className={selectClass} data-testid="run-sort">
          {RUN_SORTS.map((s) => (
            <option key={s} value={s}>
              {RUN_SORT_WORDS[s].label}
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col text-xs text-slate-600">
        Order
        <select name="dir" defaultValue={dir} className={selectClass} data-testid="run-sort-dir">
          <option value="desc">Newest or largest first</option>
          <option value="asc">Oldest or smallest first</option>
        </select>
      </label>
      <button type="submit" className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700">
        Apply
      </button>
      {filtered && (
        <Link href={queryHref("/sync", { sort: sort === DEFAULT_RUN_SORT ? undefined : sort, dir: dir === DEFAULT_RUN_DIR ? undefined : dir })} className="px-2 py-1.5 text-sm text-slate-600 hover:underline">
          Clear filters
        </Link>
      )}
    </form>
  );
}
