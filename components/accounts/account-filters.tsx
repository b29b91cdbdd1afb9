import Link from "next/link";
import { COLOUR_FILTERS, CSM_ME, CSM_NONE, DEFAULT_SORT, direction, isFiltered, type AccountExportFilter } from "@/lib/accounts/list-filter";
import type { FilterOptions } from "@/lib/accounts/list-options";

// The Accounts list's filters as a plain GET form: the URL is the state, so a filtered view can
// be bookmarked or shared, and it works before JavaScript loads. The sort rides along hidden.

const selectClass = "rounded border border-slate-300 bg-white px-2 py-1 text-sm";
const COLOUR_LABEL = { red: "Red", yellow: "Yellow", green: "Green", none: "No score" } as const;

export function AccountFilters({ filter, options }: { filter: AccountExportFilter; options: FilterOptions }) {
  // A CSM chosen by id that no account names any more still shows, so the form says what is applied.
  const csmListed = !filter.csm || filter.csm === CSM_ME || filter.csm === CSM_NONE || options.csms.some((c) => c.id === filter.csm);
  const segmentListed = !filter.segment || options.segments.includes(filter.segment);
  return (
    <form method="get" action="/accounts" className="mb-4 flex flex-wrap items-end gap-2 text-sm" role="search" aria-label="Filter accounts">
      <label className="flex flex-col text-xs text-slate-600">
        Search
        <input name="q" type="search" defaultValue={filter.q ?? ""} placeholder="account name or Salesforce id" className="w-60 rounded border border-slate-300 px-2 py-1 text-sm" />
      </label>
      <label className="flex flex-col text-xs text-slate-600">
        Health
        <select name="colour" defaultValue={filter.colour ?? ""} className={selectClass}>
          <option value="">Any health</option>
          {COLOUR_FILTERS.map((c) => (
            <option key={c} value={c}>
              {COLOUR_LABEL[c]}
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col text-xs text-slate-600">
        Segment
        <select name="segment" defaultValue={filter.segment ?? ""} className={selectClass}>
          <option value="">Every segment</option>
          {!segmentListed && <option value={filter.segment}>{filter.segment}</option>}
          {options.segments.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col text-xs text-slate-600">
        CSM
        <select name="csm" defaultValue={filter.csm ?? ""} className={selectClass}>
          <option value="">Any CSM</option>
          <option value={CSM_ME}>Me</option>
          <option value={CSM_NONE}>No CSM</option>
          {!csmListed && <option value={filter.csm}>{filter.csm}</option>}
          {options.csms.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name ?? c.id}
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col text-xs text-slate-600">
        Renewing in (days)
        <input name="renewingIn" type="number" min={1} max={3650} defaultValue={filter.renewingIn ?? ""} placeholder="any" className="w-28 rounded border border-slate-300 px-2 py-1 text-sm" />
      </label>
      {filter.sort !== DEFAULT_SORT && <input type="hidden" name="sort" value={filter.sort} />}
      {filter.dir && <input type="hidden" name="dir" value={direction(filter)} />}
      <button type="submit" className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700">
        Apply
      </button>
      {isFiltered(filter) && (
        <Link href="/accounts" className="px-2 py-1.5 text-sm text-slate-600 hover:underline">
          Clear filters
        </Link>
      )}
    </form>
  );
}
