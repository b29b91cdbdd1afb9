import { Card } from "@/components/ui/card";

/** One titled section of the account page; `id` makes it linkable (#why, #usage). */
export function Section({ id, title, description, actions, children }: { id: string; title: string; description?: React.ReactNode; actions?: React.ReactNode; children: React.ReactNode }) {
  return (
    <Card className="mb-6">
      <div id={id} className="mb-3 flex scroll-mt-6 flex-wrap items-start justify-between gap-3">
        <div>
          <h2 className="text-base font-semibold text-slate-900">{title}</h2>
          {description && <p className="mt-1 max-w-3xl text-sm text-slate-600">{description}</p>}
        </div>
        {actions}
      </div>
      {children}
    </Card>
  );
}

/** What a section says when it has nothing to show: why, and what to do about it. */
export function NoData({ children, testId }: { children: React.ReactNode; testId?: string }) {
  return (
    <p className="rounded-md border border-dashed border-slate-300 px-4 py-5 text-sm text-slate-600" data-testid={testId}>
      {children}
    </p>
  );
}
