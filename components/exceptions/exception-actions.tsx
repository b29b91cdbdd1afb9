"use client";

import Link from "next/link";
import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { useMutation } from "@tanstack/react-query";
import { api } from "@/lib/http/api-client";
import type { RunDetail } from "@/lib/sync/history/run-detail";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { TextField } from "@/components/ui/field";
import { useRunUntilDone } from "@/components/matching/use-run-until-done";
import { SalesforceRecord } from "@/components/exceptions/why";

export interface OverrideTarget {
  integrationId: string;
  entity: "ACCOUNT" | "CONTACT";
  analyticsId: string;
  label: string;
}

interface Target extends OverrideTarget {
  override: { action: string; salesforceId: string | null } | null;
  /** Salesforce records the exception names (duplicate target, ambiguous candidates): offered as picks. */
  suggestions: string[];
  /** Their Salesforce names by id (ExceptionRow.candidateNames), shown beside each id. */
  candidateNames?: Readonly<Record<string, string>>;
}

const overridesUrl = "/api/matching/overrides";

interface Rematch {
  /** From the saved override until the worker has re-matched and the page has re-read its rows. */
  busy: boolean;
  /** The re-match ended without applying the change (it stays saved; the run page says why). */
  failed: RunDetail | null;
  /** Why the run's progress could not be read, while it is followed. */
  readError: Error | null;
  follow: (runId: string) => void;
}

/**
 * A pin, exclusion or undo is saved at once, but the rows only change once the worker has
 * re-matched: follow that run, then re-read the page. Busy covers both, so the row never shows
 * its old buttons as if the change were done while the worker is still working.
 */
function useRematchThenRefresh(): Rematch {
  const router = useRouter();
  const [runId, setRunId] = useState<string | null>(null);
  const [settledRunId, setSettledRunId] = useState<string | null>(null);
  const [failed, setFailed] = useState<RunDetail | null>(null);
  const [refreshing, startRefresh] = useTransition();
  const followed = useRunUntilDone(runId, (run) => {
    setSettledRunId(run.id);
    setFailed(run.status === "SUCCEEDED" ? null : run);
    startRefresh(() => router.refresh());
  });
  return {
    busy: (runId !== null && settledRunId !== runId) || refreshing,
    failed,
    readError: followed.error,
    follow: (id) => {
      setFailed(null);
      setRunId(id);
    },
  };
}

function RematchState({ rematch }: { rematch: Rematch }) {
  if (rematch.busy) {
    return (
      <span role="status" className="max-w-xs whitespace-normal text-xs text-slate-600" data-testid="rematching">
        Re-matching…
        {rematch.readError && <span className="block text-amber-800">Progress could not be read: {rematch.readError.message}</span>}
      </span>
    );
  }
  if (!rematch.failed) return null;
  return (
    <span role="alert" className="max-w-xs whitespace-normal text-xs text-red-600">
      Saved, but re-matching did not finish: {rematch.failed.error ?? "see the run."}{" "}
      <Link href={`/sync/${rematch.failed.id}`} className="font-medium underline">
        Open the run
      </Link>
    </span>
  );
}

/** Removes a pin or an exclusion; the worker re-matches and the page reloads its rows after it. */
export function RemoveOverrideButton({ target, action }: { target: OverrideTarget; action: string }) {
  const rematch = useRematchThenRefresh();
  const undo = useMutation({
    mutationFn: () => api<{ runId: string }>(overridesUrl, { method: "DELETE", body: { integrationId: target.integrationId, entity: target.entity, analyticsId: target.analyticsId } }),
    onSuccess: ({ runId }) => rematch.follow(runId),
  });
  const what = action === "PIN" ? "pin" : "exclusion";
  return (
    <span className="inline-flex flex-col items-start gap-1">
      <Button variant="ghost" onClick={() => undo.mutate()} disabled={undo.isPending || rematch.busy} aria-label={`Remove the ${what} on ${target.label}`}>
        {undo.isPending ? "Removing…" : action === "PIN" ? "Unpin" : "Include again"}
      </Button>
      <RematchState rematch={rematch} />
      {undo.error && (
        <span role="alert" className="max-w-xs whitespace-normal text-xs text-red-600">
          {undo.error.message}
        </span>
      )}
    </span>
  );
}

/** The Salesforce records a pin could go to, by name and id; picking one fills in its id. */
export function PinCandidates({
  suggestions,
  names = {},
  selected,
  onPick,
}: {
  suggestions: string[];
  names?: Readonly<Record<string, string>>;
  selected: string;
  onPick: (salesforceId: string) => void;
}) {
  if (suggestions.length === 0) return null;
  return (
    <div className="text-xs text-slate-600">
      <p>{suggestions.length > 1 ? "Candidates (pick one to fill in its ID):" : "Candidate:"}</p>
      <ul className="mt-1 space-y-0.5" data-testid="pin-candidates">
        {suggestions.map((id) => (
          <li key={id}>
            <button type="button" className="break-all text-left text-brand-700 hover:underline" onClick={() => onPick(id)} aria-pressed={selected === id}>
              <SalesforceRecord id={id} name={names[id]} />
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Pin, exclude, or undo either; the worker re-matches and the page reloads its rows after it. */
export function ExceptionActions({ target }: { target: Target }) {
  const rematch = useRematchThenRefresh();
  const [pinning, setPinning] = useState(false);
  const [salesforceId, setSalesforceId] = useState(target.suggestions[0] ?? "");
  const [note, setNote] = useState("");
  const noun = target.entity === "ACCOUNT" ? "account" : "contact";
  const base = { integrationId: target.integrationId, entity: target.entity, analyticsId: target.analyticsId };
  const pin = useMutation({
    mutationFn: () => api<{ runId: string }>(overridesUrl, { method: "POST", body: { ...base, action: "PIN", salesforceId, ...(note.trim() ? { note } : {}) } }),
    onSuccess: ({ runId }) => {
      setPinning(false);
      rematch.follow(runId);
    },
  });
  const exclude = useMutation({
    mutationFn: () => api<{ runId: string }>(overridesUrl, { method: "POST", body: { ...base, action: "EXCLUDE" } }),
    onSuccess: ({ runId }) => rematch.follow(runId),
  });

  // Once the page has re-read its rows an override shows as its undo button; a re-match that did
  // not finish still says so under it.
  if (target.override && !rematch.busy) {
    return (
      <div className="flex flex-col items-start gap-1">
        <RemoveOverrideButton target={target} action={target.override.action} />
        <RematchState rematch={rematch} />
      </div>
    );
  }

  return (
    <div className="flex flex-col items-start gap-1">
      <div className="flex items-center gap-1 whitespace-nowrap">
        <Button
          variant="secondary"
          onClick={() => {
            pin.reset();
            setPinning(true);
          }}
          aria-label={`Pin ${target.label}`}
          disabled={rematch.busy}
        >
          Pin
        </Button>
        <Button variant="ghost" onClick={() => exclude.mutate()} disabled={exclude.isPending || rematch.busy} aria-label={`Exclude ${target.label}`}>
          {exclude.isPending ? "Excluding…" : "Exclude"}
        </Button>
      </div>
      <RematchState rematch={rematch} />
      {exclude.error && (
        <p role="alert" className="max-w-xs text-xs text-red-600">
          {exclude.error.message}
        </p>
      )}
      <Dialog
        open={pinning}
        onOpenChange={setPinning}
        title={`Pin ${target.label}`}
        description={`Link it to one Salesforce ${noun}, whatever the rules find. The pin survives every sync and is audited.`}
      >
        <form
          className="space-y-3"
          onSubmit={(e) => {
            e.preventDefault();
            pin.mutate();
          }}
        >
          <TextField
            label={`Salesforce ${noun} ID`}
            value={salesforceId}
            onChange={(e) => setSalesforceId(e.target.value)}
            error={pin.error?.message}
            hint="15 or 18 characters, from the record's URL"
            autoComplete="off"
            autoFocus
          />
          <PinCandidates suggestions={target.suggestions} names={target.candidateNames} selected={salesforceId} onPick={setSalesforceId} />
          <TextField label="Note (optional)" value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} hint="Why this pin; kept in the audit log." />
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={() => setPinning(false)}>
              Cancel
            </Button>
            <Button type="submit" disabled={pin.isPending}>
              {pin.isPending ? "Pinning…" : "Pin"}
            </Button>
          </div>
        </form>
      </Dialog>
    </div>
  );
}
