"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { useMutation } from "@tanstack/react-query";
import { api } from "@/lib/http/api-client";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { TextField } from "@/components/ui/field";

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
}

const overridesUrl = "/api/matching/overrides";

/** Removes a pin or an exclusion; matching re-runs on the server and the page reloads its rows. */
export function RemoveOverrideButton({ target, action }: { target: OverrideTarget; action: string }) {
  const router = useRouter();
  const undo = useMutation({
    mutationFn: () => api(overridesUrl, { method: "DELETE", body: { integrationId: target.integrationId, entity: target.entity, analyticsId: target.analyticsId } }),
    onSuccess: () => router.refresh(),
  });
  const what = action === "PIN" ? "pin" : "exclusion";
  return (
    <span className="inline-flex flex-col items-start gap-1">
      <Button variant="ghost" onClick={() => undo.mutate()} disabled={undo.isPending} aria-label={`Remove the ${what} on ${target.label}`}>
        {undo.isPending ? "Removing…" : action === "PIN" ? "Unpin" : "Include again"}
      </Button>
      {undo.error && (
        <span role="alert" className="max-w-xs whitespace-normal text-xs text-red-600">
          {undo.error.message}
        </span>
      )}
    </span>
  );
}

/** Pin, exclude, or undo either; matching re-runs on the server and the page reloads its rows. */
export function ExceptionActions({ target }: { target: Target }) {
  const router = useRouter();
  const [pinning, setPinning] = useState(false);
  const [salesforceId, setSalesforceId] = useState(target.suggestions[0] ?? "");
  const [note, setNote] = useState("");
  const noun = target.entity === "ACCOUNT" ? "account" : "contact";
  const base = { integrationId: target.integrationId, entity: target.entity, analyticsId: target.analyticsId };
  const pin = useMutation({
    mutationFn: () => api(overridesUrl, { method: "POST", body: { ...base, action: "PIN", salesforceId, ...(note.trim() ? { note } : {}) } }),
    onSuccess: () => {
      setPinning(false);
      router.refresh();
    },
  });
  const exclude = useMutation({
    mutationFn: () => api(overridesUrl, { method: "POST", body: { ...base, action: "EXCLUDE" } }),
    onSuccess: () => router.refresh(),
  });

  if (target.override) return <RemoveOverrideButton target={target} action={target.override.action} />;

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
        >
          Pin
        </Button>
        <Button variant="ghost" onClick={() => exclude.mutate()} disabled={exclude.isPending} aria-label={`Exclude ${target.label}`}>
          {exclude.isPending ? "Excluding…" : "Exclude"}
        </Button>
      </div>
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
          {target.suggestions.length > 1 && (
            <p className="text-xs text-slate-600">
              Candidates:{" "}
              {target.suggestions.map((s) => (
                <button key={s} type="button" className="mr-2 font-mono text-brand-700 hover:underline" onClick={() => setSalesforceId(s)} aria-label={`Use candidate ${s}`}>
                  {s}
                </button>
              ))}
            </p>
          )}
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
