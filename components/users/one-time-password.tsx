"use client";

import { Alert } from "@/components/ui/card";

/** Shown once: the server keeps only a hash, so closing this loses the password for good. */
export function OneTimePassword({ email, password }: { email: string; password: string }) {
  return (
    <div className="space-y-3">
      <Alert tone="amber">
        Copy this one-time password now and hand it to {email}. It is shown only once; they must choose their own
        password at first sign-in.
      </Alert>
      <div className="flex items-center gap-2">
        <code data-testid="one-time-password" className="flex-1 rounded-md bg-slate-100 px-3 py-2 font-mono text-sm select-all">
          {password}
        </code>
        <button
          type="button"
          className="text-sm font-medium text-brand-700 hover:underline"
          onClick={() => void navigator.clipboard?.writeText(password)}
        >
          Copy
        </button>
      </div>
    </div>
  );
}
