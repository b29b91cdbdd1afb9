"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { signOut } from "next-auth/react";
import { clsx } from "clsx";
import type { NavItem } from "@/components/layout/nav-items";

export function Sidebar({
  main,
  admin,
  user,
}: {
  main: NavItem[];
  admin: NavItem[];
  user: { email: string; roleLabel: string };
}) {
  const pathname = usePathname();
  const link = (item: NavItem) => {
    const active = pathname === item.href || pathname.startsWith(`${item.href}/`);
    return (
      <li key={item.href}>
        <Link
          href={item.href}
          aria-current={active ? "page" : undefined}
          className={clsx(
            "block rounded-md px-3 py-1.5 text-sm",
            active ? "bg-brand-50 font-medium text-brand-700" : "text-slate-700 hover:bg-slate-100",
          )}
        >
          {item.label}
        </Link>
      </li>
    );
  };
  return (
    <aside className="flex w-60 shrink-0 flex-col border-r border-slate-200 bg-white">
      <div className="px-5 py-4">
        <Link href="/" className="text-lg font-semibold text-brand-900">
          Clearinghouse
        </Link>
      </div>
      <nav aria-label="Main" className="flex-1 px-3">
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
          <Link href="/account/password" className="text-brand-700 hover:underline">
            Change password
          </Link>
          <button type="button" onClick={() => signOut({ callbackUrl: "/signin" })} className="text-brand-700 hover:underline">
            Sign out
          </button>
        </div>
      </div>
    </aside>
  );
}
