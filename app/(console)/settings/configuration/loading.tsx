import { PageHeader } from "@/components/ui/card";

export default function Loading() {
  return (
    <>
      <PageHeader title="Configuration" />
      <div className="grid animate-pulse gap-4 lg:grid-cols-2" role="status" aria-label="Loading the configuration">
        {[0, 1].map((i) => (
          <div key={i} className="space-y-3 rounded-lg border border-slate-200 bg-white p-5">
            <div className="h-5 w-1/3 rounded bg-slate-100" />
            <div className="h-4 w-5/6 rounded bg-slate-100" />
            <div className="h-4 w-2/3 rounded bg-slate-100" />
            <div className="h-8 w-40 rounded bg-slate-100" />
          </div>
        ))}
      </div>
    </>
  );
}
