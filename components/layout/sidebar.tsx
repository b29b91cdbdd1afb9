"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { signOut } from "next-auth/react";
import { clsx } from "clsx";
import { useState } from "react";
import { currentNavHref, type NavItem } from "@/components/layout/nav-items";

// A sidebar from the md breakpoint up; below it, a top bar whose Menu button unfolds the same nav
// (one nav in the page, so tests and screen readers find it by one name at any width).

export function Sidebar({
  main,
  admin,
  user,
  bell,
}: {
  main: NavItem[];
  admin: NavItem[];
  user: { email: string; roleLabel: string };
  /** The alerts bell (components/alerts/alert-bell.tsx), beside the name at every width. */
  bell?: React.ReactNode;
}) {
  const pathname = usePathname();
  // The menu is open only on the page it was opened on: following any link folds it away again.
  const [openOn, setOpenOn] = useState<string | null>(null);
  const open = openOn === pathname;
  const close = () => setOpenOn(null);
  const current = currentNavHref(pathname, [...main, ...admin]);

  const link = (item: NavItem) => {
    const active = item.href === current;
    return (
      <li key={item.href}>
        <Link
          href={item.href}
          onClick={close}
          aria-current={active ? "page" : undefined}
          className={clsx(
            "block rounded-md px-3 py-2 text-sm md:py-1.5",
            active ? "bg-brand-50 font-medium text-brand-700" : "text-slate-700 hover:bg-slate-100",
          )}
        >
          {item.label}
        </Link>
      </li>
    );
  };

  return (
    <aside
      className="sticky top-0 z-30 flex shrink-0 flex-col border-b border-slate-200 bg-white md:static md:w-60 md:border-b-0 md:border-r"
      onKeyDown={(e) => {
        if (e.key === "Escape" && open) close();
      }}
    >
      <div className="flex items-center justify-between gap-3 px-4 py-2.5 md:px-5 md:py-4">
        <Link href="/" onClick={close} className="text-lg font-semibold text-brand-900">
          Clearinghouse
        </Link>
        {bell && <div className="ml-auto md:ml-0">{bell}</div>}
        <button
          type="button"
          className="inline-flex items-center gap-1.5 rounded-md border border-slate-300 px-2.5 py-1.5 text-sm font-medium text-slate-800 hover:bg-slate-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-600 md:hidden"
          aria-expanded={open}
          aria-controls="console-menu"
          onClick={() => setOpenOn(open ? null : pathname)}
        >
          <svg aria-hidden="true" viewBox="0 0 20 20" className="h-4 w-4" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round">
            {open ? <path d="M5 5l10 10M15 5L5 15" /> : <path d="M3 5.5h14M3 10h14M3 14.5h14" />}
          </svg>
          Menu
        </button>
      </div>
      <div
        id="console-menu"
        className={clsx(
          "max-h-[calc(100dvh-3.5rem)] flex-col overflow-y-auto border-t border-slate-200 md:flex md:max-h-none md:flex-1 md:overflow-visible md:border-t-0",
          open ? "flex" : "hidden",
        )}
      >
        <nav aria-label="Main" className="flex-1 px-3 py-2 md:py-0">
          <ul className="space-y-0.5">{main.map(link)}</ul>
          {admin.length > 0 && (
            <>
              <p className="mt-6 px-3 text-xs font-semibold uppercase tracking-wide text-slate-500">Administration</p>
              <ul className="mt-1 space-y-0.5">{admin.map(link)}</ul>
            </>
          )}
        </nav>
        <div className="border-t border-slate-200 px-5 py-4 text-sm">
          <p className="truncate font-medium text-slate-800" title={user.email}>
            {user.email}
          </p>
          <p className="text-xs text-slate-500">{user.roleLabel}</p>
          <div className="mt-2 flex gap-3 text-xs">
            <Link href="/account/password" onClick={close} className="text-brand-700 hover:underline">
              Change password
            </Link>
            <button type="button" onClick={() => signOut({ callbackUrl: "/signin" })} className="text-brand-700 hover:underline">
              Sign out
            </button>
          </div>
        </div>
      </div>
    </aside>
  );
}
