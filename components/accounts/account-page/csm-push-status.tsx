"use client";

import { useEffect } from "react";
import { useRouter } from "next/navigation";
import { LocalTime } from "@/components/sync/local-time";

// Whether Salesforce has the account's CSM. While the push is pending the page re-reads itself
// every second or two (for a minute at most), so the admin sees it land without reloading.

export type PushStatusView = { state: "salesforce" } | { state: "pushed"; at: string } | { state: "pending"; since: string } | { state: "failed"; error: string; since: string };

const WATCH_MS = 60_000;

export function CsmPushStatus({ status, fieldName }: { status: PushStatusView; fieldName: string }) {
  const router = useRouter();
  const waiting = status.state === "pending" || (status.state === "failed" && /tries again/.test(status.error));
  useEffect(() => {
    if (!waiting) return;
    const started = Date.now();
    const timer = setInterval(() => {
      if (Date.now() - started > WATCH_MS) clearInterval(timer);
      else router.refresh();
    }, 1500);
    return () => clearInterval(timer);
  }, [waiting, router]);

  if (status.state === "salesforce") {
    return <p className="text-sm text-slate-600" data-testid="csm-push-status">As in Salesforce ({fieldName}); not changed in Clearinghouse yet.</p>;
  }
  if (status.state === "pushed") {
    return (
      <p className="text-sm text-green-700" data-testid="csm-push-status" data-state="pushed">
        Pushed to Salesforce ({fieldName}) at <LocalTime iso={status.at} />
      </p>
    );
  }
  if (status.state === "pending") {
    return (
      <p className="text-sm text-amber-800" data-testid="csm-push-status" data-state="pending">
        Pending: on its way to Salesforce ({fieldName}).
      </p>
    );
  }
  return (
    <p className="text-sm text-red-700" data-testid="csm-push-status" data-state="failed" role="alert">
      Not in Salesforce yet: {status.error}
    </p>
  );
}
