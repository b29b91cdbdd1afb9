import { Badge, Card } from "@/components/ui/card";
import { RemoveOverrideButton } from "@/components/exceptions/exception-actions";

// Every pin and exclusion, so one can be removed even when its record no longer shows as an
// exception (a pin that took effect links the record, which leaves the list above).

export interface OverrideRow {
  integrationId: string;
  system: string;
  entity: "ACCOUNT" | "CONTACT";
  analyticsId: string;
  label: string | null;
  action: "PIN" | "EXCLUDE";
  salesforceId: string | null;
  note: string | null;
  by: string | null;
  at: string;
  /** For a pin: whether the record is linked to the pinned record now. */
  inEffect: boolean;
}

export function OverridesTable({ rows, total, canResolve }: { rows: OverrideRow[]; total: number; canResolve: boolean }) {
  return (
    <Card className="mt-6">
      <h2 className="mb-1 text-base font-semibold text-slate-900" id="overrides-heading">
        Pins and exclusions
      </h2>
      <p className="mb-3 text-sm text-slate-600">An admin&apos;s word over the rules: kept through every sync until removed here or on the row above.</p>
      {rows.length === 0 ? (
        <p className="py-4 text-center text-sm text-slate-600" data-testid="overrides-empty">
          No record is pinned or excluded{canResolve ? "; use Pin or Exclude on an exception above" : ""}.
        </p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-sm" aria-labelledby="overrides-heading">
            <thead>
              <tr className="border-b border-slate-200 text-left text-xs uppercase tracking-wide text-slate-500">
                <th className="py-2 pr-3 font-medium">Record</th>
                <th className="py-2 pr-3 font-medium">Override</th>
                <th className="py-2 pr-3 font-medium">By</th>
                {canResolve && <th className="py-2 font-medium">Action</th>}
              </tr>
            </thead>
            <tbody>
              {rows.map((o) => {
                const target = { integrationId: o.integrationId, entity: o.entity, analyticsId: o.analyticsId, label: o.label ?? o.analyticsId };
                return (
                  <tr key={`${o.integrationId}:${o.entity}:${o.analyticsId}`} className="border-b border-slate-100 align-top" data-testid="override-row">
                    <td className="py-2 pr-3">
                      <div className="text-xs text-slate-500">
                        {o.system} {o.entity === "ACCOUNT" ? "account" : "user"}
                      </div>
                      <div className="font-medium text-slate-900">{o.label ?? o.analyticsId}</div>
                      {o.label && <div className="font-mono text-xs text-slate-500">{o.analyticsId}</div>}
                    </td>
                    <td className="py-2 pr-3">
                      {o.action === "PIN" ? (
                        <>
                          <Badge tone={o.inEffect ? "green" : "amber"}>pinned</Badge> <span className="font-mono text-xs">{o.salesforceId}</span>
                          {!o.inEffect && <div className="mt-1 text-xs text-amber-800">Not in effect: see the exception above for why.</div>}
                        </>
                      ) : (
                        <Badge tone="blue">excluded</Badge>
                      )}
                      {o.note && <div className="mt-1 text-xs text-slate-600">“{o.note}”</div>}
                    </td>
                    <td className="py-2 pr-3 text-xs text-slate-500">
                      {o.by ?? "unknown"}
                      <div>{new Date(o.at).toLocaleDateString("en-US")}</div>
                    </td>
                    {canResolve && (
                      <td className="py-2">
                        <RemoveOverrideButton target={target} action={o.action} />
                      </td>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
          {total > rows.length && <p className="mt-2 text-xs text-slate-500">Showing the {rows.length} most recent of {total.toLocaleString("en-US")}; narrow the filters or search to find others.</p>}
        </div>
      )}
    </Card>
  );
}
