"use client";

import { useSyncExternalStore } from "react";

// Next run times are UTC instants; the viewer reads them in their own zone, which only the browser
// knows. The server (and the first client render, so hydration matches) prints UTC and says so,
// then the browser swaps in its zone and says which.
const subscribe = () => () => {};

/** The viewer's IANA zone in the browser; null on the server and during hydration. */
export function useViewerZone(): string | null {
  return useSyncExternalStore(
    subscribe,
    () => Intl.DateTimeFormat().resolvedOptions().timeZone,
    () => null,
  );
}

function formatRun(iso: string, timeZone: string | null): string {
  // The server's locale is not the viewer's: a fixed form until the browser takes over.
  if (!timeZone) return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
  return new Intl.DateTimeFormat(undefined, { timeZone, weekday: "short", day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", timeZoneName: "short" }).format(new Date(iso));
}

export function NextRuns({ runs, label }: { runs: readonly string[]; label: string }) {
  const zone = useViewerZone();
  if (runs.length === 0) return null;
  return (
    <ol className="mt-1 space-y-0.5 text-sm text-slate-800" aria-label={label} data-testid="next-runs">
      {runs.map((iso) => (
        <li key={iso}>
          <time dateTime={iso} title={iso}>
            {formatRun(iso, zone)}
          </time>
        </li>
      ))}
    </ol>
  );
}

/** Says once, above the lists, which zone the times are in. */
export function ViewerZoneNote() {
  const zone = useViewerZone();
  return (
    <p className="text-sm text-slate-600" data-testid="viewer-zone">
      Next run times are shown in your time zone: <span className="font-medium text-slate-800">{zone ?? "UTC"}</span>.
    </p>
  );
}
