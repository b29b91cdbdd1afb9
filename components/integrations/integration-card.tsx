"use client";

import Link from "next/link";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { Alert, Badge, Card } from "@/components/ui/card";
import { Dialog } from "@/components/ui/dialog";
import { LocalTime } from "@/components/sync/local-time";
import { api } from "@/lib/http/api-client";
import type { CardStatus, IntegrationCardView, LastPullView } from "@/lib/integrations/card-view";
import { LIVE_STATUSES } from "@/lib/sync/history/params";
import { ApiUsageBar } from "@/components/integrations/api-usage-bar";
import { ApiKeyConnectForm, SalesforceConnectForm } from "@/components/integrations/connect-forms";
import { FirstPullWindowDialog, firstPullText } from "@/components/integrations/first-pull-window";
import { ApiBudgetDialog, ApiBudgetValue } from "@/components/integrations/api-budget-dialog";
import { apiBudgetText } from "@/lib/integrations/api-budget-setting";
import { SyncProgressBar } from "@/components/integrations/sync-progress-bar";
import { PreviewButton } from "@/components/integrations/preview-button";
import type { ConnectOptions } from "@/components/integrations/types";

const STATUS: Record<CardStatus, { label: string; tone: "green" | "red" | "amber" | "slate" }> = {
  CONNECTED: { label: "Connected", tone: "green" },
  RECONNECT_NEEDED: { label: "Reconnect needed", tone: "amber" },
  ERROR: { label: "Error", tone: "red" },
  DISABLED: { label: "Disconnected", tone: "slate" },
  NOT_CONNECTED: { label: "Not connected", tone: "slate" },
};

// What disconnecting stops: pulls, matching and Synchronize of that system.
const STOPS: Record<IntegrationCardView["system"], string> = {
  SALESFORCE:
    "Clearinghouse revokes its token at Salesforce and forgets it. Pulls of accounts and contacts and every Synchronize stop, and matching keeps the last pulled records. Sync history, field mappings and matching logic are kept for when you reconnect.",
  PENDO: "Clearinghouse forgets the integration key. Pulls and syncs of Pendo accounts and visitors stop. Links, sync history, field mappings and matching logic are kept.",
  PX: "Clearinghouse forgets the API key. Pulls and syncs of PX accounts and users stop. Links, sync history, field mappings and matching logic are kept.",
};

/** Long values (a user name, a run summary) wrap instead of being cut off; the full text is also the title. */
function Detail({ label, value, title, testId }: { label: string; value: React.ReactNode; title?: string; testId?: string }) {
  if (value === null || value === undefined || value === "") return null;
  return (
    <div className="flex justify-between gap-4 text-sm">
      <dt className="shrink-0 text-slate-500">{label}</dt>
      <dd className="min-w-0 text-right text-slate-800 wrap-anywhere" title={title ?? (typeof value === "string" ? value : undefined)} data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}

const isLive = (p: LastPullView | null) => p !== null && LIVE_STATUSES.includes(p.status);

/**
 * The card's "Last pull" line: the newest pull run's state and time, linked to its run page, then
 * what it read. Only the state and time are the link, so its name stays short ("Partly done 10:04").
 */
function LastPull({ pull, testId = "last-pull" }: { pull: LastPullView; testId?: string }) {
  const finished = pull.finishedAt ?? pull.startedAt;
  const { state, detail }: { state: React.ReactNode; detail: string | null } = (() => {
    switch (pull.status) {
      case "QUEUED":
        return { state: <>Queued since <LocalTime iso={pull.startedAt} format="time" /></>, detail: "waiting for the worker" };
      case "RUNNING":
        return { state: <>Running since <LocalTime iso={pull.startedAt} format="time" /></>, detail: pull.summary };
      case "SUCCEEDED":
        return { state: <LocalTime iso={finished} />, detail: pull.summary };
      case "PARTIAL":
        return { state: <>Partly done <LocalTime iso={finished} /></>, detail: pull.summary };
      case "FAILED":
        return { state: <>Failed <LocalTime iso={finished} /></>, detail: null };
      case "CANCELLED":
        return { state: <>Cancelled <LocalTime iso={finished} /></>, detail: null };
    }
  })();
  return (
    <span data-status={pull.status} data-run-id={pull.runId} data-testid={testId}>
      <Link href={`/sync/${pull.runId}`} className="text-brand-700 hover:underline">
        {state}
      </Link>
      {detail && `: ${detail}`}
    </span>
  );
}

/** After Pull now: the run the card showed then, so it can tell when the pull it asked for has started. */
interface PullRequest {
  runBefore: string | null;
  /** No run after STALLED_AFTER_MS: the worker may be down; stop asking and say so. */
  stalled: boolean;
}

const STALLED_AFTER_MS = 5 * 60_000;

/** The requested pull is not on the card yet: the card still shows the run it had before. */
const awaitingRun = (request: PullRequest | null, lastPull: LastPullView | null) => request !== null && (lastPull?.runId ?? null) === request.runBefore;

export function IntegrationCard({ card, canManage, options }: { card: IntegrationCardView; canManage: boolean; options: ConnectOptions }) {
  const queryClient = useQueryClient();
  const [connecting, setConnecting] = useState(false);
  const [confirmDisconnect, setConfirmDisconnect] = useState(false);
  const [editingFirstPull, setEditingFirstPull] = useState(false);
  const [editingApiBudget, setEditingApiBudget] = useState(false);
  const [notice, setNotice] = useState<{ tone: "green" | "blue"; text: string } | null>(null);
  const [pullRequest, setPullRequest] = useState<PullRequest | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ["integrations"] });

  const test = useMutation({
    mutationFn: () => api<{ message: string }>(`/api/integrations/${card.id}/test`, { method: "POST" }),
    onSuccess: (r) => setNotice({ tone: "green", text: r.message }),
    onSettled: refresh,
  });
  const describe = useMutation({
    mutationFn: () => api<{ message: string }>(`/api/integrations/${card.id}/describe`, { method: "POST" }),
    onSuccess: (r) => setNotice({ tone: "green", text: r.message }),
  });
  const pull = useMutation({
    mutationFn: () => api<{ message: string }>(`/api/integrations/${card.id}/pull`, { method: "POST" }),
    onMutate: () => setPullRequest(null),
    onSuccess: () => {
      setPullRequest({ runBefore: card.lastPull?.runId ?? null, stalled: false });
      // The worker picks the job up within a moment; look again then (and every 2 s until its run shows).
      setTimeout(refresh, 1000);
    },
  });
  // The sync's run is recorded QUEUED by the request, so the next refresh shows it live.
  const synchronize = useMutation({
    mutationFn: () => api<{ runId: string; message: string }>(`/api/integrations/${card.id}/sync`, { method: "POST" }),
    onSuccess: () => void refresh(),
  });
  const syncing = synchronize.isPending || isLive(card.lastSync);
  const disconnect = useMutation({
    mutationFn: () => api(`/api/integrations/${card.id}`, { method: "DELETE" }),
    // Asked for and done, but nothing to celebrate: a neutral note, not a green success.
    onSuccess: () => setNotice({ tone: "blue", text: `${card.title} is disconnected.` }),
    onSettled: refresh,
  });
  const connected = card.status === "CONNECTED";
  const live = card.id !== null && card.status !== "DISABLED";
  const status = STATUS[card.status];
  const error = test.error ?? describe.error ?? pull.error ?? synchronize.error ?? disconnect.error;
  const last = card.lastPull;
  const notStarted = awaitingRun(pullRequest, last);
  const waitingForWorker = notStarted && !pullRequest?.stalled;
  const pullPending = pull.isPending || waitingForWorker || isLive(last);

  // The board polls quickly only while a card shows a queued or running pull. The pull asked for
  // here has no run until the worker starts it, so until then this card asks for the cards itself.
  useEffect(() => {
    if (!waitingForWorker) return;
    const since = Date.now();
    const timer = setInterval(() => {
      if (Date.now() - since > STALLED_AFTER_MS) setPullRequest((r) => (r ? { ...r, stalled: true } : r));
      else void queryClient.invalidateQueries({ queryKey: ["integrations"] });
    }, 2000);
    return () => clearInterval(timer);
  }, [waitingForWorker, queryClient]);

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
          {card.system === "PENDO" && <Detail label="Key" value={card.canWrite ? "Read and write" : "Read-only: pulls work, pushes will be off"} />}
          {card.system === "SALESFORCE" && <Detail label="Objects described" value={card.describedObjects || "not yet"} />}
          <Detail
            label="Last pull"
            value={last ? <LastPull pull={last} /> : "Never pulled"}
            title={last ? `${last.status.toLowerCase()}, started ${last.startedAt}${last.finishedAt ? `, finished ${last.finishedAt}` : ""}: ${last.summary}` : undefined}
          />
          <Detail label={card.system === "SALESFORCE" ? "Last sync of all" : "Last sync"} value={card.lastSync ? <LastPull pull={card.lastSync} testId="last-sync" /> : "Never synchronized"} />
          {card.system === "SALESFORCE" && (
            <Detail
              label="First pull"
              testId="first-pull"
              value={
                <>
                  {firstPullText(card.firstPullMonths)}
                  {canManage && card.id && (
                    <>
                      {" · "}
                      <button type="button" className="text-brand-700 hover:underline" onClick={() => setEditingFirstPull(true)} aria-label="Change the first-pull window">
                        Change
                      </button>
                    </>
                  )}
                </>
              }
              title={`First pull: ${firstPullText(card.firstPullMonths)}`}
            />
          )}
          {card.apiBudget && (
            <Detail
              label="API budget"
              testId="api-budget"
              value={<ApiBudgetValue budget={card.apiBudget} max={card.api?.max ?? null} onChange={canManage && card.id ? () => setEditingApiBudget(true) : undefined} />}
              title={`API budget: ${apiBudgetText(card.apiBudget)}`}
            />
          )}
          <Detail
            label="Scheduled"
            testId="card-schedules"
            value={
              <>
                {card.schedules.map((s) => (
                  <span key={s} className="block">
                    {s}
                  </span>
                ))}
                <span className="block text-slate-500">
                  Connection check every 15 min{card.system === "SALESFORCE" ? " · metadata daily" : ""} ·{" "}
                  <Link href="/settings/schedules" className="text-brand-700 hover:underline">
                    Schedules
                  </Link>
                </span>
              </>
            }
          />
          <Detail label="Last checked" value={card.lastCheckedAt ? <LocalTime iso={card.lastCheckedAt} /> : null} />
        </dl>
      )}
      {card.lastSync && isLive(card.lastSync) && card.lastSync.progress && <SyncProgressBar progress={card.lastSync.progress} />}
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
          <Alert tone={notice.tone}>{notice.text}</Alert>
        </div>
      )}
      {waitingForWorker && (
        <div className="mt-3">
          <Alert tone="blue">Pull queued. The card shows its progress; matching runs when it finishes.</Alert>
        </div>
      )}
      {notStarted && pullRequest?.stalled && (
        <div className="mt-3">
          <Alert tone="amber">The pull has not started after 5 minutes. Check System status (is the worker running?), then Sync history.</Alert>
        </div>
      )}
      {(card.lastSync?.status === "FAILED" || card.lastSync?.status === "PARTIAL") && card.lastSync.error && (
        <div className="mt-3">
          <Alert tone="amber">
            Last sync {card.lastSync.status === "FAILED" ? "failed" : "partly done"}: {card.lastSync.error}
          </Alert>
        </div>
      )}
      {card.lastSync?.writeBackSkipped && (
        <div className="mt-3">
          <Alert tone="amber">Write-back skipped: {card.lastSync.writeBackSkipped}</Alert>
        </div>
      )}
      {last?.status === "FAILED" && last.error && (
        <div className="mt-3">
          <Alert tone="amber">Last pull failed: {last.error}</Alert>
        </div>
      )}
      {last?.status === "PARTIAL" && (
        <div className="mt-3">
          <Alert tone="amber">Last pull partly done: {last.error ?? "some steps failed; the run page lists them."}</Alert>
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
            <Button onClick={() => pull.mutate()} disabled={pullPending}>
              {last?.status === "RUNNING" ? "Pulling…" : pullPending ? "Queued…" : "Pull now"}
            </Button>
          )}
          {connected && (
            <Button onClick={() => synchronize.mutate()} disabled={syncing} title={card.system === "SALESFORCE" ? "Pull, match and push both ways for every connected tool" : undefined}>
              {syncing ? "Synchronizing…" : card.system === "SALESFORCE" ? "Synchronize all" : "Synchronize"}
            </Button>
          )}
          {connected && card.id && <PreviewButton integrationId={card.id} all={card.system === "SALESFORCE"} />}
          {connected && card.system !== "SALESFORCE" && card.id && (
            <Link href={`/settings/mapping?integration=${card.id}`} className="inline-flex items-center rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-800 shadow-sm hover:bg-slate-50">
              Map fields
            </Link>
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
              setNotice({ tone: "green", text: `${card.title} is connected.` });
            }}
          />
        )}
      </Dialog>
      {card.system === "SALESFORCE" && card.id && (
        <FirstPullWindowDialog
          integrationId={card.id}
          months={card.firstPullMonths}
          open={editingFirstPull}
          onOpenChange={setEditingFirstPull}
          onSaved={(months) => {
            setEditingFirstPull(false);
            setNotice({ tone: "green", text: `First pull window saved: ${firstPullText(months)}.` });
            void refresh();
          }}
        />
      )}
      {card.apiBudget && card.id && (
        <ApiBudgetDialog
          integrationId={card.id}
          budget={card.apiBudget}
          max={card.api?.max ?? null}
          open={editingApiBudget}
          onOpenChange={setEditingApiBudget}
          onSaved={(budget) => {
            setEditingApiBudget(false);
            setNotice({ tone: "green", text: `API budget saved: ${budget.runPercent}% per run, ${budget.dailyPercent}% per 24 hours.` });
            void refresh();
          }}
        />
      )}
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
