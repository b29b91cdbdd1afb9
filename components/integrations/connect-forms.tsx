"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";
import { SelectField, TextField } from "@/components/ui/field";
import { api, ApiError } from "@/lib/http/api-client";
import type { ConnectOptions } from "@/components/integrations/types";

export function SalesforceConnectForm({ options }: { options: ConnectOptions["salesforce"] }) {
  const [environment, setEnvironment] = useState(options.emulatorUrl ? "emulator" : "production");
  const [customDomain, setCustomDomain] = useState("");
  const start = useMutation({
    mutationFn: () =>
      api<{ authorizeUrl: string }>("/api/integrations/salesforce/connect", {
        method: "POST",
        body: { environment, customDomain: environment === "custom" ? customDomain : undefined },
      }),
    // The browser leaves for Salesforce's consent page and comes back to our callback.
    onSuccess: ({ authorizeUrl }) => window.location.assign(authorizeUrl),
  });
  const fieldError = start.error instanceof ApiError ? start.error.fields.customDomain : undefined;
  const choices = [
    ...(options.emulatorUrl ? [{ value: "emulator", label: `Local emulator (${options.emulatorUrl})` }] : []),
    { value: "production", label: "Production (login.salesforce.com)" },
    { value: "sandbox", label: "Sandbox (test.salesforce.com)" },
    { value: "custom", label: "My Domain (custom login URL)" },
  ];
  return (
    <form
      className="space-y-4"
      onSubmit={(e) => {
        e.preventDefault();
        start.mutate();
      }}
    >
      {start.error && !fieldError && <Alert>{start.error.message}</Alert>}
      <SelectField label="Salesforce environment" options={choices} value={environment} onChange={(e) => setEnvironment(e.target.value)} />
      {environment === "custom" && (
        <TextField
          label="My Domain login URL"
          placeholder="https://acme.my.salesforce.com"
          value={customDomain}
          onChange={(e) => setCustomDomain(e.target.value)}
          error={fieldError}
        />
      )}
      <p className="text-xs text-slate-600">
        You will sign in at Salesforce and approve access for the Clearinghouse connected app. Use a dedicated
        integration user with the API Enabled permission; Clearinghouse acts with that user&apos;s access.
      </p>
      <div className="flex justify-end">
        <Button type="submit" disabled={start.isPending || start.isSuccess}>
          {start.isPending || start.isSuccess ? "Opening Salesforce…" : "Continue to Salesforce"}
        </Button>
      </div>
    </form>
  );
}

export function ApiKeyConnectForm({
  system,
  regions,
  keyLabel,
  hint,
  onDone,
}: {
  system: "pendo" | "px";
  regions: { value: string; label: string }[];
  keyLabel: string;
  hint: string;
  onDone: () => void;
}) {
  const queryClient = useQueryClient();
  const [region, setRegion] = useState(regions[0]?.value ?? "");
  const [key, setKey] = useState("");
  const save = useMutation({
    mutationFn: () => api(`/api/integrations/${system}`, { method: "POST", body: { region, key } }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ["integrations"] });
      onDone();
    },
  });
  const fields = save.error instanceof ApiError ? save.error.fields : {};
  return (
    <form
      className="space-y-4"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      {save.error && <Alert>{save.error.message}</Alert>}
      <SelectField label={system === "pendo" ? "Region" : "Data centre"} options={regions} value={region} onChange={(e) => setRegion(e.target.value)} error={fields.region} />
      <TextField
        label={keyLabel}
        type="password"
        autoComplete="off"
        value={key}
        onChange={(e) => setKey(e.target.value)}
        hint={hint}
        error={fields.key}
      />
      <div className="flex justify-end">
        <Button type="submit" disabled={save.isPending || key.trim() === ""}>
          {save.isPending ? "Checking the key…" : "Check and save"}
        </Button>
      </div>
    </form>
  );
}
