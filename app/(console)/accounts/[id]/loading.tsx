export default function Loading() {
  return (
    <div className="animate-pulse space-y-6" role="status" aria-label="Loading the account">
      <div className="h-4 w-24 rounded bg-slate-200" />
      <div className="h-8 w-72 rounded bg-slate-200" />
      <div className="h-56 rounded-lg border border-slate-200 bg-white" />
      <div className="h-40 rounded-lg border border-slate-200 bg-white" />
      <div className="h-72 rounded-lg border border-slate-200 bg-white" />
      <div className="h-32 rounded-lg border border-slate-200 bg-white" />
    </div>
  );
}
