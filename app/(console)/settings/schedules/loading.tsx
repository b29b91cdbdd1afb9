import { PageHeader } from "@/components/ui/card";

export default function Loading() {
  return (
    <>
      <PageHeader title="Schedules" />
      <div className="animate-pulse space-y-4" role="status" aria-label="Loading schedules">
        {[1, 2, 2].map((rows, card) => (
          <div key={card} className="space-y-3 rounded-lg border border-slate-200 bg-white p-5">
            <div className="h-6 w-1/4 rounded bg-slate-100" />
            {Array.from({ length: rows }, (_, row) => (
              <div key={row} className="h-28 rounded bg-slate-100" />
            ))}
          </div>
        ))}
      </div>
    </>
  );
}
