export default function Loading() {
  return (
    <div className="animate-pulse space-y-6" role="status" aria-label="Loading the run">
      <div className="h-8 w-64 rounded bg-slate-200" />
      <div className="h-28 rounded-lg border border-slate-200 bg-white" />
      <div className="h-48 rounded-lg border border-slate-200 bg-white" />
      <div className="h-64 rounded-lg border border-slate-200 bg-white" />
    </div>
  );
}
