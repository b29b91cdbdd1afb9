import Link from "next/link";
import { clsx } from "clsx";

// The one table primitive for lists: columns as data, an optional sort link per header, an empty
// state and pagination links. No hooks, so server pages render it directly (filters and pages are
// GET parameters, which keeps every view linkable and working before JavaScript loads).

export interface Column<Row> {
  key: string;
  header: React.ReactNode;
  cell: (row: Row) => React.ReactNode;
  align?: "left" | "right";
  className?: string;
  /** A link that sorts by this column; `direction` marks the column the list is sorted by now. */
  sort?: { href: string; direction?: "ascending" | "descending" };
}

export interface TablePagination {
  /** e.g. "1,204 accounts · page 3 of 25" */
  summary?: React.ReactNode;
  links: { href: string | null; label: string; rel?: "prev" | "next" | "first" }[];
}

export function Table<Row>({
  label,
  columns,
  rows,
  rowKey,
  empty,
  pagination,
  rowTestId,
}: {
  /** Accessible name of the table. */
  label: string;
  columns: Column<Row>[];
  rows: Row[];
  rowKey: (row: Row) => string;
  /** Shown instead of the table when there are no rows: say why, and what to do. */
  empty: React.ReactNode;
  pagination?: TablePagination;
  rowTestId?: string;
}) {
  return (
    <div>
      {rows.length === 0 ? (
        <div className="py-6 text-center text-sm text-slate-600" data-testid={rowTestId ? `${rowTestId}-empty` : undefined}>
          {empty}
        </div>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-sm" aria-label={label}>
            <thead>
              <tr className="border-b border-slate-200 text-left text-xs uppercase tracking-wide text-slate-500">
                {columns.map((c) => (
                  <th
                    key={c.key}
                    scope="col"
                    aria-sort={c.sort?.direction}
                    className={clsx("py-2 pr-3 font-medium", c.align === "right" && "text-right", c.className)}
                  >
                    {c.sort ? (
                      <Link href={c.sort.href} className="hover:text-slate-800 hover:underline">
                        {c.header}
                        {c.sort.direction && <span aria-hidden="true">{c.sort.direction === "ascending" ? " ↑" : " ↓"}</span>}
                      </Link>
                    ) : (
                      c.header
                    )}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={rowKey(row)} className="border-b border-slate-100 align-top" data-testid={rowTestId}>
                  {columns.map((c) => (
                    <td key={c.key} className={clsx("py-2 pr-3", c.align === "right" && "text-right tabular-nums", c.className)}>
                      {c.cell(row)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {pagination && <Pagination {...pagination} />}
    </div>
  );
}

function Pagination({ summary, links }: TablePagination) {
  const shown = links.filter((l) => l.href !== null);
  if (!summary && shown.length === 0) return null;
  return (
    <div className="mt-3 flex flex-wrap items-center justify-between gap-2 text-xs text-slate-600">
      <span>{summary}</span>
      <nav className="flex gap-3" aria-label="Pagination">
        {shown.map((l) => (
          <Link key={l.label} href={l.href!} rel={l.rel === "first" ? undefined : l.rel} className="hover:underline">
            {l.label}
          </Link>
        ))}
      </nav>
    </div>
  );
}

/** `path` with the current GET parameters, some changed; unset and empty values are dropped. */
export function queryHref(path: string, current: Record<string, string | undefined>, change: Record<string, string | undefined> = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...current, ...change })) if (v) params.set(k, v);
  const q = params.toString();
  return q ? `${path}?${q}` : path;
}
