import { z } from "zod";
import { ROLES } from "@/lib/auth/permissions";

// Shared by the browser forms and the server, so nothing here may import node-only modules.
// Every field carries its own message: the forms show it under the field as it is, so it says
// what is wrong and what to do, never zod's wording ("Too big: expected string to have <=120 characters").
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 200;
export const MAX_NAME_LENGTH = 120;
const MAX_EMAIL_LENGTH = 254;

const EMAIL_EXAMPLE = "Enter an email address such as jane@example.com";

export const roleSchema = z.enum(ROLES, { error: "Pick one of Admin, Operations, CSM or Viewer" });

export const emailSchema = z
  .string({ error: EMAIL_EXAMPLE })
  .trim()
  .toLowerCase()
  .pipe(
    z
      .email({ error: EMAIL_EXAMPLE })
      .max(MAX_EMAIL_LENGTH, `This email address is longer than ${MAX_EMAIL_LENGTH} characters; check it or use a shorter one`),
  );

const nameSchema = z
  .string({ error: "Enter the name as plain text, or leave it empty" })
  .trim()
  .max(MAX_NAME_LENGTH, `Keep the name to ${MAX_NAME_LENGTH} characters or fewer: shorten it or leave it empty`);

export const createUserSchema = z.object(
  {
    email: emailSchema,
    name: nameSchema.optional().transform((v) => (v ? v : undefined)),
    role: roleSchema,
  },
  { error: "Send the new user as a JSON object with email, role and optionally name" },
);
export type CreateUserInput = z.input<typeof createUserSchema>;

export const updateUserSchema = z
  .object(
    {
      role: roleSchema.optional(),
      active: z.boolean({ error: "Set active to true to reactivate the user or false to deactivate them" }).optional(),
      name: nameSchema.optional(),
    },
    { error: "Send the change as a JSON object with role, active or name" },
  )
  .refine((v) => v.role !== undefined || v.active !== undefined || v.name !== undefined, {
    message: "Nothing to change: send role, active or name",
  });
export type UpdateUserInput = z.infer<typeof updateUserSchema>;

export const changePasswordSchema = z
  .object(
    {
      currentPassword: z.string({ error: "Enter your current password" }).min(1, "Enter your current password"),
      newPassword: z
        .string({ error: `Enter a new password of at least ${MIN_PASSWORD_LENGTH} characters` })
        .min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters`)
        .max(MAX_PASSWORD_LENGTH, `Use at most ${MAX_PASSWORD_LENGTH} characters`),
    },
    { error: "Send your current and new password as a JSON object" },
  )
  .refine((v) => v.currentPassword !== v.newPassword, {
    path: ["newPassword"],
    message: "Choose a password different from the current one",
  });
