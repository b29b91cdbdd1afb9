export default function Loading() {
  return (
    <div className="mx-auto max-w-4xl animate-pulse space-y-6" role="status" aria-label="Loading the QBR summary">
      <div className="h-8 w-80 rounded bg-slate-200" />
      <div className="h-40 rounded-lg border border-slate-200 bg-white" />
      <div className="h-64 rounded-lg border border-slate-200 bg-white" />
      <div className="h-48 rounded-lg border border-slate-200 bg-white" />
    </div>
  );
}
