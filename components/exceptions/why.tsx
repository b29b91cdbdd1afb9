// The criteria matching tried for one record, in order, and what each found: the "why" behind an
// exception. A server component; <details> opens without JavaScript.

export interface TriedStep {
  criterion: string;
  outcome: string;
  key?: string;
  candidates?: string[];
  note?: string;
}

const OUTCOME: Record<string, string> = { none: "found nothing", one: "found one", many: "found several", skipped: "skipped" };

/** The `tried` column as stored; anything that is not a list of steps reads as no steps. */
export function triedSteps(tried: unknown): TriedStep[] {
  if (!Array.isArray(tried)) return [];
  return tried.filter((t): t is TriedStep => typeof t === "object" && t !== null && typeof (t as TriedStep).criterion === "string" && typeof (t as TriedStep).outcome === "string");
}

/** Candidates worth showing: none for "found nothing", and not the key repeated (an ID criterion finds its own key). */
function shownCandidates(t: TriedStep): string[] {
  return t.outcome === "none" ? [] : (t.candidates ?? []).filter((c) => c !== t.key);
}

/** A Salesforce record as a person knows it: its name, then the id (the id alone when the hub has no name). */
export function SalesforceRecord({ id, name }: { id: string; name?: string }) {
  if (!name) return <span className="font-mono">{id}</span>;
  return (
    <span>
      {name} <span className="font-mono text-slate-500">({id})</span>
    </span>
  );
}

function list(ids: string[], names: Readonly<Record<string, string>>) {
  return ids.map((id, i) => (
    <span key={id}>
      {i > 0 ? ", " : null}
      <SalesforceRecord id={id} name={names[id]} />
    </span>
  ));
}

export function Why({
  tried,
  salesforceId,
  sharedWith,
  names = {},
}: {
  tried: unknown;
  salesforceId: string | null;
  sharedWith: string[];
  /** Salesforce names by id, for the candidates and the record shared (ExceptionRow.candidateNames). */
  names?: Readonly<Record<string, string>>;
}) {
  const steps = triedSteps(tried);
  if (steps.length === 0 && sharedWith.length === 0) return null;
  return (
    <details className="mt-1 text-xs text-slate-600" data-testid="why">
      <summary className="cursor-pointer text-slate-500">Why</summary>
      {steps.length > 0 ? (
        <ol className="ml-4 mt-1 list-decimal space-y-0.5">
          {steps.map((t, i) => (
            <li key={i}>
              {t.criterion}: {OUTCOME[t.outcome] ?? t.outcome}
              {t.key ? <span className="font-mono"> “{t.key}”</span> : null}
              {t.note ? ` (${t.note})` : null}
              {shownCandidates(t).length > 0 ? <> → {list(shownCandidates(t), names)}</> : null}
            </li>
          ))}
        </ol>
      ) : (
        <p className="mt-1">No criterion ran for this record.</p>
      )}
      {sharedWith.length > 0 && (
        <p className="mt-1">
          Also resolving to {salesforceId ? <SalesforceRecord id={salesforceId} name={names[salesforceId]} /> : null}:{" "}
          <span className="font-mono">{sharedWith.join(", ")}</span>
        </p>
      )}
    </details>
  );
}
