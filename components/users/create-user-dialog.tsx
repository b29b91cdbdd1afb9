"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";
import { Dialog } from "@/components/ui/dialog";
import { SelectField, TextField } from "@/components/ui/field";
import { ROLE_LABELS, ROLES } from "@/lib/auth/permissions";
import { api, ApiError } from "@/lib/http/api-client";
import { createUserSchema, MAX_NAME_LENGTH } from "@/lib/users/schemas";
import type { UserView } from "@/lib/users/user-view";
import { OneTimePassword } from "@/components/users/one-time-password";

type Values = z.input<typeof createUserSchema>;
const roleOptions = ROLES.map((r) => ({ value: r, label: `${ROLE_LABELS[r].label} — ${ROLE_LABELS[r].description}` }));

export function CreateUserDialog() {
  const [open, setOpen] = useState(false);
  const [created, setCreated] = useState<{ user: UserView; oneTimePassword: string } | null>(null);
  const queryClient = useQueryClient();
  const form = useForm<Values>({ resolver: zodResolver(createUserSchema), defaultValues: { email: "", name: "", role: "CSM" } });
  const mutation = useMutation({
    mutationFn: (values: Values) => api<{ user: UserView; oneTimePassword: string }>("/api/users", { method: "POST", body: values }),
    onSuccess: (result) => {
      setCreated(result);
      void queryClient.invalidateQueries({ queryKey: ["users"] });
    },
    onError: (error) => {
      if (error instanceof ApiError) {
        for (const [field, message] of Object.entries(error.fields)) {
          if (field === "email" || field === "name" || field === "role") form.setError(field, { message });
        }
      }
    },
  });
  const close = (next: boolean) => {
    setOpen(next);
    if (!next) {
      setCreated(null);
      mutation.reset();
      form.reset();
    }
  };

  return (
    <>
      <Button onClick={() => setOpen(true)}>Add user</Button>
      <Dialog open={open} onOpenChange={close} title={created ? "User created" : "Add a user"}>
        {created ? (
          <div className="space-y-4">
            <OneTimePassword email={created.user.email} password={created.oneTimePassword} />
            <div className="flex justify-end">
              <Button onClick={() => close(false)}>Done</Button>
            </div>
          </div>
        ) : (
          <form onSubmit={form.handleSubmit((v) => mutation.mutate(v))} noValidate className="space-y-4">
            {mutation.error && <Alert>{mutation.error.message}</Alert>}
            <TextField label="Email" type="email" error={form.formState.errors.email?.message} {...form.register("email")} />
            <TextField
              label="Name (optional)"
              hint={`As colleagues know them; up to ${MAX_NAME_LENGTH} characters.`}
              error={form.formState.errors.name?.message}
              {...form.register("name")}
            />
            <SelectField label="Role" options={roleOptions} error={form.formState.errors.role?.message} {...form.register("role")} />
            <div className="flex justify-end gap-2">
              <Button variant="secondary" onClick={() => close(false)}>
                Cancel
              </Button>
              <Button type="submit" disabled={mutation.isPending}>
                {mutation.isPending ? "Creating…" : "Create user"}
              </Button>
            </div>
          </form>
        )}
      </Dialog>
    </>
  );
}
