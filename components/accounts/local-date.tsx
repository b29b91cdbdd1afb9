"use client";

import { useSyncExternalStore } from "react";

// A calendar day ("YYYY-MM-DD": a renewal date, a day of activity) in the viewer's own date
// format. It has no time of day, so no zone shifts it: it is formatted as UTC. The server (and
// the first client render, so hydration matches) prints the ISO day, then the browser swaps it.
const subscribe = () => () => {};

export function LocalDate({ day }: { day: string }) {
  const inBrowser = useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
  const text = inBrowser ? new Date(`${day}T00:00:00Z`).toLocaleDateString(undefined, { timeZone: "UTC", dateStyle: "medium" }) : day;
  return (
    <time dateTime={day} title={day}>
      {text}
    </time>
  );
}
