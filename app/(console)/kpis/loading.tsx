import { PageHeader } from "@/components/ui/card";

export default function Loading() {
  return (
    <>
      <PageHeader title="KPI definitions" />
      <div className="animate-pulse space-y-2 rounded-lg border border-slate-200 bg-white p-5" role="status" aria-label="Loading KPI definitions">
        <div className="mb-4 h-8 w-1/2 rounded bg-slate-100" />
        {Array.from({ length: 10 }, (_, i) => (
          <div key={i} className="h-10 rounded bg-slate-100" />
        ))}
      </div>
    </>
  );
}
