"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";
import { TextField } from "@/components/ui/field";
import { api, ApiError } from "@/lib/http/api-client";
import { changePasswordSchema } from "@/lib/users/schemas";

type Values = z.infer<typeof changePasswordSchema>;

export function ChangePasswordForm({ email, mustChange }: { email: string; mustChange: boolean }) {
  const router = useRouter();
  const form = useForm<Values>({ resolver: zodResolver(changePasswordSchema), defaultValues: { currentPassword: "", newPassword: "" } });
  const mutation = useMutation({
    mutationFn: async (values: Values) => {
      await api("/api/account/password", { method: "PUT", body: values });
      // The change ended every session, this one included (lib/auth/session-version.ts), so a
      // copied cookie is worthless now; sign in again with the new password to carry on.
      const again = await signIn("credentials", { email, password: values.newPassword, redirect: false });
      return { signedIn: Boolean(again && !again.error) };
    },
    onSuccess: ({ signedIn }) => {
      router.replace(signedIn ? "/" : "/signin?error=SessionRequired");
      router.refresh();
    },
    onError: (error) => {
      if (error instanceof ApiError) {
        for (const [field, message] of Object.entries(error.fields)) {
          if (field === "currentPassword" || field === "newPassword") form.setError(field, { message });
        }
      }
    },
  });
  return (
    <form onSubmit={form.handleSubmit((v) => mutation.mutate(v))} noValidate className="space-y-4">
      {mustChange && <Alert tone="blue">You signed in with a one-time password. Choose your own to continue.</Alert>}
      {mutation.error && <Alert>{mutation.error.message}</Alert>}
      <TextField
        label={mustChange ? "One-time password" : "Current password"}
        type="password"
        autoComplete="current-password"
        error={form.formState.errors.currentPassword?.message}
        {...form.register("currentPassword")}
      />
      <TextField
        label="New password"
        type="password"
        autoComplete="new-password"
        hint="At least 12 characters"
        error={form.formState.errors.newPassword?.message}
        {...form.register("newPassword")}
      />
      <Button type="submit" className="w-full" disabled={mutation.isPending}>
        {mutation.isPending ? "Saving…" : "Save password"}
      </Button>
    </form>
  );
}
