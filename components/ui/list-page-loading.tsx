import { PageHeader } from "@/components/ui/card";

/** The skeleton of a page that is one list: its title, a toolbar line and `rows` rows. */
export function ListPageLoading({ title, what, rows = 10 }: { title: string; what: string; rows?: number }) {
  return (
    <>
      <PageHeader title={title} />
      <div className="animate-pulse space-y-2 rounded-lg border border-slate-200 bg-white p-5" role="status" aria-label={`Loading ${what}`}>
        <div className="mb-4 h-8 w-1/2 rounded bg-slate-100" />
        {Array.from({ length: rows }, (_, i) => (
          <div key={i} className="h-10 rounded bg-slate-100" />
        ))}
      </div>
    </>
  );
}
