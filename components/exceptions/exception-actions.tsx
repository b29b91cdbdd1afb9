"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { useMutation } from "@tanstack/react-query";
import { api, ApiError } from "@/lib/http/api-client";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { TextField } from "@/components/ui/field";

interface Target {
  integrationId: string;
  entity: "ACCOUNT" | "CONTACT";
  analyticsId: string;
  label: string;
  override: { action: string; salesforceId: string | null } | null;
  /** Salesforce records the exception names (duplicate target, ambiguous candidates): offered as picks. */
  suggestions: string[];
}

/** Pin, exclude, or undo either; matching re-runs on the server and the page reloads its rows. */
export function ExceptionActions({ target }: { target: Target }) {
  const router = useRouter();
  const [pinning, setPinning] = useState(false);
  const [salesforceId, setSalesforceId] = useState(target.suggestions[0] ?? "");
  const noun = target.entity === "ACCOUNT" ? "account" : "contact";
  const done = () => {
    setPinning(false);
    router.refresh();
  };
  const pin = useMutation({
    mutationFn: () => api("/api/matching/overrides", { method: "POST", body: { integrationId: target.integrationId, entity: target.entity, analyticsId: target.analyticsId, action: "PIN", salesforceId } }),
    onSuccess: done,
  });
  const exclude = useMutation({
    mutationFn: () => api("/api/matching/overrides", { method: "POST", body: { integrationId: target.integrationId, entity: target.entity, analyticsId: target.analyticsId, action: "EXCLUDE" } }),
    onSuccess: done,
  });
  const undo = useMutation({
    mutationFn: () => api("/api/matching/overrides", { method: "DELETE", body: { integrationId: target.integrationId, entity: target.entity, analyticsId: target.analyticsId } }),
    onSuccess: done,
  });
  const error = exclude.error ?? undo.error;
  const pinError = pin.error instanceof ApiError ? pin.error.message : pin.error?.message;

  return (
    <div className="flex items-center gap-1 whitespace-nowrap">
      {target.override ? (
        <Button variant="ghost" onClick={() => undo.mutate()} disabled={undo.isPending} aria-label={`Remove the ${target.override.action === "PIN" ? "pin" : "exclusion"} on ${target.label}`}>
          {target.override.action === "PIN" ? "Unpin" : "Include again"}
        </Button>
      ) : (
        <>
          <Button variant="secondary" onClick={() => setPinning(true)} aria-label={`Pin ${target.label}`}>
            Pin
          </Button>
          <Button variant="ghost" onClick={() => exclude.mutate()} disabled={exclude.isPending} aria-label={`Exclude ${target.label}`}>
            Exclude
          </Button>
        </>
      )}
      {error && <p className="whitespace-normal text-xs text-red-600">{error.message}</p>}
      <Dialog open={pinning} onOpenChange={setPinning} title={`Pin ${target.label}`} description={`Link it to one Salesforce ${noun}, whatever the rules find. The pin survives every sync and is audited.`}>
        <form
          className="space-y-3"
          onSubmit={(e) => {
            e.preventDefault();
            pin.mutate();
          }}
        >
          <TextField label={`Salesforce ${noun} ID`} value={salesforceId} onChange={(e) => setSalesforceId(e.target.value)} error={pinError} hint="15 or 18 characters, from the record's URL" autoFocus />
          {target.suggestions.length > 1 && (
            <p className="text-xs text-slate-600">
              Candidates:{" "}
              {target.suggestions.map((s) => (
                <button key={s} type="button" className="mr-2 font-mono text-brand-700 hover:underline" onClick={() => setSalesforceId(s)}>
                  {s}
                </button>
              ))}
            </p>
          )}
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
