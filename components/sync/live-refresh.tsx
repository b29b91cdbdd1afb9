"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useTransition } from "react";

// While a run is queued or running, re-render the server page every few seconds so its counts,
// steps and records stay current: the page stays one server render, no second client-side view of
// the same data. Stops by itself once the server renders the run as finished (active = false).
export function LiveRefresh({ active, everyMs = 2000, label = "Live" }: { active: boolean; everyMs?: number; label?: string }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const pendingRef = useRef(pending);

  useEffect(() => {
    pendingRef.current = pending;
  }, [pending]);

  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => {
      // A slow server must not pile refreshes up, and a background tab need not poll.
      if (pendingRef.current || document.hidden) return;
      startTransition(() => router.refresh());
    }, everyMs);
    return () => clearInterval(timer);
  }, [active, everyMs, router]);

  if (!active) return null;
  return (
    <span role="status" className="inline-flex items-center gap-1.5 rounded-full bg-green-50 px-2 py-0.5 text-xs font-medium text-green-700 ring-1 ring-inset ring-green-600/20">
      <span className="h-2 w-2 animate-pulse rounded-full bg-green-500" aria-hidden="true" />
      {label} · refreshes every {Math.round(everyMs / 1000)} s
    </span>
  );
}
