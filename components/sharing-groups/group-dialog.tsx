"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { Dialog, DialogSaveActions } from "@/components/ui/dialog";
import { TextField } from "@/components/ui/field";
import { api, ApiError } from "@/lib/http/api-client";
import type { AccountFieldChoice } from "@/lib/sharing-groups/account-fields";
import { MAX_GROUP_DESCRIPTION, MAX_GROUP_NAME, sharingGroupInputSchema, type SharingGroupInput } from "@/lib/sharing-groups/schemas";
import type { SharingGroupView } from "@/lib/sharing-groups/sharing-group-view";

const FIELDS = ["name", "description", "fieldName", "fieldValue"] as const;

/** "New sharing group", or "Edit" of one group: name, description and the rule (field and value). */
export function GroupDialog({ group, fields }: { group?: SharingGroupView; fields: { object: string; fields: AccountFieldChoice[] } | null }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const defaults = { name: group?.name ?? "", description: group?.description ?? "", fieldName: group?.fieldName ?? "", fieldValue: group?.fieldValue ?? "" };
  const form = useForm<SharingGroupInput>({ resolver: zodResolver(sharingGroupInputSchema), defaultValues: defaults });
  const mutation = useMutation({
    mutationFn: (values: SharingGroupInput) =>
      api<{ id: string; message: string }>(group ? `/api/sharing-groups/${group.id}` : "/api/sharing-groups", { method: group ? "PUT" : "POST", body: values }),
    onSuccess: () => {
      setOpen(false);
      router.refresh();
    },
    onError: (error) => {
      if (error instanceof ApiError) {
        for (const [field, message] of Object.entries(error.fields)) if ((FIELDS as readonly string[]).includes(field)) form.setError(field as (typeof FIELDS)[number], { message });
      }
    },
  });
  const close = (next: boolean) => {
    setOpen(next);
    if (!next) {
      mutation.reset();
      form.reset(defaults);
    }
  };
  const listId = group ? `sharing-fields-${group.id}` : "sharing-fields-new";
  const { errors } = form.formState;

  return (
    <>
      <Button variant={group ? "secondary" : "primary"} onClick={() => setOpen(true)} aria-label={group ? `Edit ${group.name}` : undefined}>
        {group ? "Edit" : "New sharing group"}
      </Button>
      <Dialog
        open={open}
        onOpenChange={close}
        title={group ? `Edit ${group.name}` : "New sharing group"}
        description="Accounts whose Salesforce field holds the value are seen only by the group's members, whatever their role."
      >
        <form className="space-y-4" onSubmit={form.handleSubmit((v) => mutation.mutate(v))} noValidate>
          <TextField label="Name" maxLength={MAX_GROUP_NAME} error={errors.name?.message} {...form.register("name")} />
          <TextField label="Description" maxLength={MAX_GROUP_DESCRIPTION} error={errors.description?.message} {...form.register("description")} />
          <TextField
            label="Salesforce account field"
            list={fields ? listId : undefined}
            autoComplete="off"
            placeholder="Public_Sector__c"
            hint={fields ? `An API name of ${fields.object}, as Salesforce shows it.` : "Salesforce's fields are not cached yet: type the API name, e.g. Public_Sector__c."}
            error={errors.fieldName?.message}
            {...form.register("fieldName")}
          />
          {fields && (
            <datalist id={listId}>
              {fields.fields.map((f) => (
                <option key={f.name} value={f.name}>
                  {f.label} ({f.type})
                </option>
              ))}
            </datalist>
          )}
          <TextField label="Value" placeholder="true" hint="Compared as text: a checkbox reads true or false." error={errors.fieldValue?.message} {...form.register("fieldValue")} />
          <DialogSaveActions error={mutation.error} pending={mutation.isPending} disabled={false} onCancel={() => close(false)} />
        </form>
      </Dialog>
    </>
  );
}
