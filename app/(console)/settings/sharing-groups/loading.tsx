import { PageHeader } from "@/components/ui/card";

export default function Loading() {
  return (
    <>
      <PageHeader title="Sharing groups" />
      <div className="animate-pulse space-y-4" role="status" aria-label="Loading sharing groups">
        {[3, 3].map((rows, card) => (
          <div key={card} className="space-y-2 rounded-lg border border-slate-200 bg-white p-5">
            <div className="mb-4 h-6 w-1/3 rounded bg-slate-100" />
            {Array.from({ length: rows }, (_, row) => (
              <div key={row} className="h-8 rounded bg-slate-100" />
            ))}
          </div>
        ))}
      </div>
    </>
  );
}
