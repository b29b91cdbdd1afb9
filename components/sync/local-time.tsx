"use client";

import { useSyncExternalStore } from "react";

// Dates are stored in UTC and shown in the viewer's time zone and locale, which only the browser
// knows. The server (and the first client render, so hydration matches) prints UTC, then the
// browser swaps in local time.
const subscribe = () => () => {};

export function LocalTime({ iso, format = "datetime" }: { iso: string; format?: "datetime" | "time" }) {
  const inBrowser = useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
  const date = new Date(iso);
  let text: string;
  if (inBrowser) text = format === "time" ? date.toLocaleTimeString() : date.toLocaleString();
  else text = format === "time" ? `${iso.slice(11, 19)} UTC` : `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
  return (
    <time dateTime={iso} title={iso}>
      {text}
    </time>
  );
}
