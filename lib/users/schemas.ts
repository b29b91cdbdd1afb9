import { z } from "zod";
import { ROLES } from "@/lib/auth/permissions";

// Shared by the browser forms and the server, so nothing here may import node-only modules.
export const MIN_PASSWORD_LENGTH = 12;

export const roleSchema = z.enum(ROLES, { message: "Pick one of Admin, Operations, CSM or Viewer" });

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ message: "Enter an email address such as jane@example.com" }).max(254));

export const createUserSchema = z.object({
  email: emailSchema,
  name: z.string().trim().max(120).optional().transform((v) => (v ? v : undefined)),
  role: roleSchema,
});
export type CreateUserInput = z.input<typeof createUserSchema>;

export const updateUserSchema = z
  .object({ role: roleSchema.optional(), active: z.boolean().optional(), name: z.string().trim().max(120).optional() })
  .refine((v) => v.role !== undefined || v.active !== undefined || v.name !== undefined, {
    message: "Nothing to change: send role, active or name",
  });
export type UpdateUserInput = z.infer<typeof updateUserSchema>;

export const changePasswordSchema = z
  .object({
    currentPassword: z.string().min(1, "Enter your current password"),
    newPassword: z
      .string()
      .min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters`)
      .max(200, "Use at most 200 characters"),
  })
  .refine((v) => v.currentPassword !== v.newPassword, {
    path: ["newPassword"],
    message: "Choose a password different from the current one",
  });
