import Link from "next/link";
import { clsx } from "clsx";
import { SAVED_VIEWS, activeView, isFiltered, type AccountExportFilter } from "@/lib/accounts/list-filter";
import { queryHref } from "@/components/ui/table";

// The saved views are links that set the filter parameters: the address stays the whole state.
export function SavedViews({ filter }: { filter: AccountExportFilter }) {
  const active = activeView(filter);
  return (
    <nav aria-label="Saved views" className="mb-3 flex flex-wrap gap-2 text-sm">
      <Link
        href="/accounts"
        aria-current={active === null && !isFiltered(filter) ? "page" : undefined}
        className={clsx("rounded-full px-3 py-1 ring-1 ring-inset", active === null && !isFiltered(filter) ? "bg-brand-600 text-white ring-brand-600" : "text-slate-700 ring-slate-300 hover:bg-slate-50")}
      >
        All accounts
      </Link>
      {SAVED_VIEWS.map((v) => (
        <Link
          key={v.key}
          href={queryHref("/accounts", v.params)}
          title={v.title}
          aria-current={active === v.key ? "page" : undefined}
          className={clsx("rounded-full px-3 py-1 ring-1 ring-inset", active === v.key ? "bg-brand-600 text-white ring-brand-600" : "text-slate-700 ring-slate-300 hover:bg-slate-50")}
        >
          {v.label}
        </Link>
      ))}
    </nav>
  );
}
