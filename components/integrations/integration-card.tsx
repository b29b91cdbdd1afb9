"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Alert, Badge, Card } from "@/components/ui/card";
import { Dialog } from "@/components/ui/dialog";
import { api } from "@/lib/http/api-client";
import type { CardStatus, IntegrationCardView } from "@/lib/integrations/card-view";
import { ApiUsageBar } from "@/components/integrations/api-usage-bar";
import { ApiKeyConnectForm, SalesforceConnectForm } from "@/components/integrations/connect-forms";
import type { ConnectOptions } from "@/components/integrations/types";

const STATUS: Record<CardStatus, { label: string; tone: "green" | "red" | "amber" | "slate" }> = {
  CONNECTED: { label: "Connected", tone: "green" },
  RECONNECT_NEEDED: { label: "Reconnect needed", tone: "amber" },
  ERROR: { label: "Error", tone: "red" },
  DISABLED: { label: "Disconnected", tone: "slate" },
  NOT_CONNECTED: { label: "Not connected", tone: "slate" },
};

const STOPS: Record<IntegrationCardView["system"], string> = {
  SALESFORCE:
    "Clearinghouse revokes its token at Salesforce and forgets it. Pulls of accounts and contacts, pushes of KPIs and health scores, and playbook tasks and cases stop. Sync history, matching logic and field mappings are kept for when you reconnect.",
  PENDO:
    "Clearinghouse forgets the integration key. Pulls of Pendo accounts, visitors and usage and pushes of Salesforce fields to Pendo stop. History and mappings are kept.",
  PX: "Clearinghouse forgets the API key. Pulls of PX accounts, users and usage and pushes to PX stop. History and mappings are kept.",
};

function Detail({ label, value }: { label: string; value: React.ReactNode }) {
  if (value === null || value === undefined || value === "") return null;
  return (
    <div className="flex justify-between gap-4 text-sm">
      <dt className="text-slate-500">{label}</dt>
      <dd className="truncate text-right text-slate-800">{value}</dd>
    </div>
  );
}

function lastPullText(card: IntegrationCardView): string {
  const p = card.lastPull;
  if (!p) return "Never pulled";
  if (p.status === "RUNNING") return `Running since ${new Date(p.startedAt).toLocaleTimeString()}: ${p.summary}`;
  const when = new Date(p.finishedAt ?? p.startedAt).toLocaleString();
  return p.status === "FAILED" ? `Failed ${when}` : `${when}: ${p.summary}`;
}

export function IntegrationCard({ card, canManage, options }: { card: IntegrationCardView; canManage: boolean; options: ConnectOptions }) {
  const queryClient = useQueryClient();
  const [connecting, setConnecting] = useState(false);
  const [confirmDisconnect, setConfirmDisconnect] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ["integrations"] });

  const test = useMutation({
    mutationFn: () => api<{ message: string }>(`/api/integrations/${card.id}/test`, { method: "POST" }),
    onSuccess: (r) => setNotice(r.message),
    onSettled: refresh,
  });
  const describe = useMutation({
    mutationFn: () => api<{ message: string }>(`/api/integrations/${card.id}/describe`, { method: "POST" }),
    onSuccess: (r) => setNotice(r.message),
  });
  const pull = useMutation({
    mutationFn: () => api<{ message: string }>(`/api/integrations/${card.id}/pull`, { method: "POST" }),
    onSuccess: (r) => {
      setNotice(r.message);
      // The worker picks the job up within a moment; look again so the card shows it running.
      setTimeout(refresh, 1000);
    },
  });
  const disconnect = useMutation({
    mutationFn: () => api(`/api/integrations/${card.id}`, { method: "DELETE" }),
    onSuccess: () => setNotice(`${card.title} is disconnected.`),
    onSettled: refresh,
  });
  const connected = card.status === "CONNECTED";
  const live = card.id !== null && card.status !== "DISABLED";
  const status = STATUS[card.status];
  const error = test.error ?? describe.error ?? pull.error ?? disconnect.error;
  const pulling = card.lastPull?.status === "RUNNING";

  return (
    <Card className="flex flex-col">
      <div className="flex items-start justify-between gap-3" data-testid={`card-${card.system}`}>
        <h2 className="text-lg font-semibold text-slate-900">{card.title}</h2>
        <Badge tone={status.tone}>{status.label}</Badge>
      </div>
      {card.statusMessage && card.status !== "CONNECTED" && (
        <div className="mt-3">
          <Alert tone={card.status === "ERROR" ? "red" : "amber"}>{card.statusMessage}</Alert>
        </div>
      )}
      {card.status === "NOT_CONNECTED" && (
        <p className="mt-3 text-sm text-slate-600">
          {card.system === "SALESFORCE"
            ? "Connect the Salesforce org whose accounts and contacts your team works in."
            : `Connect ${card.title} to pull accounts, users and usage.`}
        </p>
      )}
      {live && (
        <dl className="mt-4 space-y-1">
          <Detail label="Environment" value={card.environmentLabel} />
          <Detail label="Organisation" value={card.orgName} />
          <Detail label="Org ID" value={card.externalOrgId} />
          <Detail label="Connected user" value={card.connectedUser} />
          <Detail label="Instance" value={card.instanceUrl ?? card.baseUrl} />
          {card.system === "PENDO" && <Detail label="Pushes" value={card.canWrite ? "On" : "Off: the key is read-only"} />}
          {card.system === "SALESFORCE" && <Detail label="Objects described" value={card.describedObjects || "not yet"} />}
          <Detail label="Last pull" value={lastPullText(card)} />
          <Detail
            label="Scheduled"
            value={`pull every ${card.pullEveryMinutes} min · connection check every 15 min${card.system === "SALESFORCE" ? " · metadata daily" : ""}`}
          />
          <Detail label="Last checked" value={card.lastCheckedAt ? new Date(card.lastCheckedAt).toLocaleString() : null} />
        </dl>
      )}
      {live && card.api && (
        <div className="mt-4">
          <ApiUsageBar {...card.api} />
        </div>
      )}
      {card.openAlerts.length > 0 && (
        <ul className="mt-3 space-y-1 text-xs text-amber-800">
          {card.openAlerts.map((a) => (
            <li key={a.id}>⚠ {a.message}</li>
          ))}
        </ul>
      )}
      {notice && (
        <div className="mt-3">
          <Alert tone="green">{notice}</Alert>
        </div>
      )}
      {card.lastPull?.status === "FAILED" && card.lastPull.error && (
        <div className="mt-3">
          <Alert tone="amber">Last pull failed: {card.lastPull.error}</Alert>
        </div>
      )}
      {error && (
        <div className="mt-3">
          <Alert>{error.message}</Alert>
        </div>
      )}
      {canManage && (
        <div className="mt-5 flex flex-wrap gap-2 border-t border-slate-100 pt-4">
          {!connected && (
            <Button onClick={() => setConnecting(true)}>{card.status === "RECONNECT_NEEDED" ? "Reconnect" : "Connect"}</Button>
          )}
          {live && (
            <Button variant="secondary" onClick={() => test.mutate()} disabled={test.isPending}>
              {test.isPending ? "Testing…" : "Test connection"}
            </Button>
          )}
          {connected && (
            <Button onClick={() => pull.mutate()} disabled={pull.isPending || pulling}>
              {pulling ? "Pulling…" : "Pull now"}
            </Button>
          )}
          {connected && card.system === "SALESFORCE" && (
            <Button variant="secondary" onClick={() => describe.mutate()} disabled={describe.isPending}>
              Refresh metadata
            </Button>
          )}
          {live && (
            <Button variant="ghost" onClick={() => setConfirmDisconnect(true)}>
              Disconnect
            </Button>
          )}
        </div>
      )}
      <Dialog open={connecting} onOpenChange={setConnecting} title={`Connect ${card.title}`}>
        {card.system === "SALESFORCE" ? (
          <SalesforceConnectForm options={options.salesforce} />
        ) : (
          <ApiKeyConnectForm
            system={card.system === "PENDO" ? "pendo" : "px"}
            regions={card.system === "PENDO" ? options.pendoRegions : options.pxDataCenters}
            keyLabel={card.system === "PENDO" ? "Integration key" : "API key"}
            hint={
              card.system === "PENDO"
                ? "Pendo › Settings › Integrations › Integration keys. A read-only key allows pulls only."
                : "Gainsight PX › Administration › REST API. Needs read and write scope for pushes."
            }
            onDone={() => {
              setConnecting(false);
              setNotice(`${card.title} is connected.`);
            }}
          />
        )}
      </Dialog>
      <Dialog
        open={confirmDisconnect}
        onOpenChange={setConfirmDisconnect}
        title={`Disconnect ${card.title}?`}
        description={STOPS[card.system]}
      >
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={() => setConfirmDisconnect(false)}>
            Cancel
          </Button>
          <Button
            variant="danger"
            onClick={() => {
              setConfirmDisconnect(false);
              disconnect.mutate();
            }}
          >
            Disconnect {card.title}
          </Button>
        </div>
      </Dialog>
    </Card>
  );
}
