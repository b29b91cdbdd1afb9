"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useState } from "react";
import { api } from "@/lib/http/api-client";

// The console's bell: unread alert notifications for the signed-in user. The layout renders the
// count once; the bell polls for changes (the layout is not rendered again on client navigation)
// and hears the Alerts page when it marks notifications read.

const POLL_MS = 60_000;
export const UNREAD_EVENT = "clearinghouse:alerts-unread";

export function announceUnread(unread: number) {
  window.dispatchEvent(new CustomEvent<number>(UNREAD_EVENT, { detail: unread }));
}

export function AlertBell({ initialUnread }: { initialUnread: number }) {
  const [unread, setUnread] = useState(initialUnread);
  const pathname = usePathname();

  useEffect(() => {
    let stopped = false;
    const refresh = () =>
      api<{ unread: number }>("/api/alerts/unread")
        .then((r) => {
          if (!stopped) setUnread(r.unread);
        })
        .catch(() => undefined);
    void refresh();
    const timer = setInterval(refresh, POLL_MS);
    const onAnnounce = (e: Event) => setUnread((e as CustomEvent<number>).detail);
    window.addEventListener(UNREAD_EVENT, onAnnounce);
    return () => {
      stopped = true;
      clearInterval(timer);
      window.removeEventListener(UNREAD_EVENT, onAnnounce);
    };
  }, [pathname]);

  const label = unread === 0 ? "Alerts: none unread" : `Alerts: ${unread} unread`;
  return (
    <Link
      href="/alerts"
      aria-label={label}
      title={label}
      aria-current={pathname === "/alerts" ? "page" : undefined}
      className="relative inline-flex h-8 w-8 items-center justify-center rounded-md text-slate-600 hover:bg-slate-100 hover:text-slate-900 focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-600"
    >
      <svg aria-hidden="true" viewBox="0 0 20 20" className="h-5 w-5" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round">
        <path d="M10 2.5a5 5 0 0 0-5 5v2.8L3.5 13.5h13L15 10.3V7.5a5 5 0 0 0-5-5Z" />
        <path d="M8 15.5a2 2 0 0 0 4 0" />
      </svg>
      {unread > 0 && (
        <span aria-hidden="true" className="absolute -right-1 -top-1 min-w-[1.1rem] rounded-full bg-red-600 px-1 text-center text-[0.65rem] font-semibold leading-[1.1rem] text-white">
          {unread > 99 ? "99+" : unread}
        </span>
      )}
    </Link>
  );
}
