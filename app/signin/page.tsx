import { Suspense } from "react";
import { redirect } from "next/navigation";
import { getCurrentUser } from "@/lib/auth/session";
import { env, oidcEnabled } from "@/lib/env";
import { SignInForm } from "@/components/auth/sign-in-form";

export const metadata = { title: "Sign in" };

export default async function SignInPage() {
  if (await getCurrentUser().catch(() => null)) redirect("/");
  return (
    <div className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm">
        <h1 className="text-center text-2xl font-semibold text-brand-900">Clearinghouse</h1>
        <p className="mt-1 text-center text-sm text-slate-600">Sign in to keep Salesforce, Pendo and Gainsight PX in step.</p>
        <div className="mt-6 rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
          <Suspense>
            <SignInForm oidcName={oidcEnabled ? env.OIDC_DISPLAY_NAME : null} />
          </Suspense>
        </div>
      </div>
    </div>
  );
}
