"use client";

import { signIn } from "next-auth/react";
import { useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";
import { TextField } from "@/components/ui/field";
import { signInErrorMessage } from "@/components/auth/sign-in-errors";
import { safeCallbackPath } from "@/lib/auth/callback-url";

// Plain rules rather than a zod schema: the sign-in page is the first thing every visitor loads,
// and the server (lib/auth/verify-credentials.ts) validates again anyway.
type Values = { email: string; password: string };
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function SignInForm({ oidcName }: { oidcName: string | null }) {
  const router = useRouter();
  const params = useSearchParams();
  const [error, setError] = useState<string | null>(signInErrorMessage(params.get("error")));
  const form = useForm<Values>({ defaultValues: { email: "", password: "" } });

  const onSubmit = form.handleSubmit(async (values) => {
    setError(null);
    const result = await signIn("credentials", { ...values, redirect: false });
    if (!result || result.error) {
      setError(signInErrorMessage(result?.error ?? "Unavailable"));
      return;
    }
    // Only a path on this origin: "//host" or "/\host" would take the user to another site.
    router.replace(safeCallbackPath(params.get("callbackUrl"), window.location.origin));
    router.refresh();
  });

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      {error && <Alert>{error}</Alert>}
      <TextField label="Email" type="email" autoComplete="username" error={form.formState.errors.email?.message} {...form.register("email", {
          required: "Enter your email",
          pattern: { value: EMAIL, message: "Enter an email address such as jane@example.com" },
        })} />
      <TextField
        label="Password"
        type="password"
        autoComplete="current-password"
        error={form.formState.errors.password?.message}
        {...form.register("password", { required: "Enter your password" })}
      />
      <Button type="submit" className="w-full" disabled={form.formState.isSubmitting}>
        {form.formState.isSubmitting ? "Signing in…" : "Sign in"}
      </Button>
      {oidcName && (
        <Button variant="secondary" className="w-full" onClick={() => signIn("oidc", { callbackUrl: "/" })}>
          Sign in with {oidcName}
        </Button>
      )}
    </form>
  );
}
