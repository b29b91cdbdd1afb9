"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useMutation } from "@tanstack/react-query";
import { clsx } from "clsx";
import { api } from "@/lib/http/api-client";
import type { DeliveryStatus, NotificationView } from "@/lib/alerts/list-notifications";
import { announceUnread } from "@/components/alerts/alert-bell";
import { StateBadge } from "@/components/alerts/levels";
import { LocalTime } from "@/components/sync/local-time";
import { Alert } from "@/components/ui/card";
import { Button } from "@/components/ui/button";

const DELIVERY_WORDS: Record<DeliveryStatus, string> = { PENDING: "sending", SENT: "sent", FAILED: "failed", OFF: "off" };

function Delivery({ channel, status, error, attempts }: { channel: string; status: DeliveryStatus; error: string | null; attempts: number }) {
  if (status === "OFF" && !error) return null;
  const failed = status === "FAILED";
  return (
    <p className={clsx("text-xs", failed ? "text-red-700" : "text-slate-500")}>
      {channel}: {DELIVERY_WORDS[status]}
      {failed && attempts > 1 ? ` after ${attempts} tries` : ""}
      {error ? ` — ${error}` : ""}
    </p>
  );
}

export function NotificationList({ items, unread }: { items: NotificationView[]; unread: number }) {
  const router = useRouter();
  const [readNow, setReadNow] = useState<Set<string>>(new Set());
  const mark = useMutation({
    mutationFn: (body: { ids: string[] } | { all: true }) => api<{ marked: number; unread: number }>("/api/alerts/read", { method: "POST", body }),
    onSuccess: (result, body) => {
      setReadNow((prev) => new Set([...prev, ...("all" in body ? items.map((i) => i.id) : body.ids)]));
      announceUnread(result.unread);
      router.refresh();
    },
  });
  const isRead = (n: NotificationView) => n.read || readNow.has(n.id);

  return (
    <div>
      <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
        <p className="text-sm text-slate-600">{unread === 0 ? "Nothing unread." : `${unread} unread.`}</p>
        {unread > 0 && (
          <Button variant="secondary" disabled={mark.isPending} onClick={() => mark.mutate({ all: true })}>
            Mark all as read
          </Button>
        )}
      </div>
      {mark.error && (
        <div className="mb-3">
          <Alert>{mark.error.message}</Alert>
        </div>
      )}
      <ul className="divide-y divide-slate-100">
        {items.map((n) => (
          <li key={n.id} className={clsx("flex flex-wrap items-start gap-3 py-3", !isRead(n) && "bg-brand-50/40")} aria-label={isRead(n) ? undefined : "Unread"}>
            <div className="w-24 shrink-0 pt-0.5">
              <StateBadge state={n.toState} />
            </div>
            <div className="min-w-0 flex-1">
              <p className={clsx("text-sm text-slate-900", !isRead(n) && "font-semibold")}>
                {n.integration} · {n.title}
                {n.fromState !== "OK" && n.toState !== "OK" && <span className="font-normal text-slate-500"> (was {n.fromState})</span>}
              </p>
              <p className="mt-0.5 text-sm text-slate-700">{n.message}</p>
              <p className="mt-1 text-xs text-slate-500">
                <LocalTime iso={n.createdAt} />
                {n.runId && (
                  <>
                    {" · "}
                    <Link href={`/sync/${n.runId}`} className="text-brand-700 hover:underline">
                      Open the run
                    </Link>
                  </>
                )}
              </p>
              <Delivery channel="Webhook" status={n.webhook.status} error={n.webhook.error} attempts={n.deliveryAttempts} />
              <Delivery channel="Email" status={n.email.status} error={n.email.error} attempts={n.deliveryAttempts} />
            </div>
            {!isRead(n) && (
              <Button variant="ghost" className="text-xs" disabled={mark.isPending} onClick={() => mark.mutate({ ids: [n.id] })}>
                Mark as read
              </Button>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
