import { z } from "zod";

// Shared by the browser form and the server, so nothing here may import node-only modules. Every
// field says what is wrong and what to do: the form shows the message under the field as it is.

export const MAX_GROUP_NAME = 80;
export const MAX_GROUP_DESCRIPTION = 500;
export const MAX_FIELD_VALUE = 255;

/** A Salesforce field's API name, as the describe lists it (Public_Sector__c, Industry). */
const fieldNameSchema = z
  .string({ error: "Pick the Salesforce account field that marks the protected accounts" })
  .trim()
  .regex(/^[A-Za-z][A-Za-z0-9_]{0,79}$/, { error: "Give the field's API name as Salesforce shows it, e.g. Public_Sector__c" });

export const sharingGroupInputSchema = z.object(
  {
    name: z
      .string({ error: "Name the group, e.g. Public sector" })
      .trim()
      .min(1, "Name the group, e.g. Public sector")
      .max(MAX_GROUP_NAME, `Keep the name to ${MAX_GROUP_NAME} characters or fewer`),
    description: z
      .string({ error: "Describe the group in plain text, or leave it empty" })
      .trim()
      .max(MAX_GROUP_DESCRIPTION, `Keep the description to ${MAX_GROUP_DESCRIPTION} characters or fewer`)
      .nullish()
      .transform((v) => (v ? v : null)),
    fieldName: fieldNameSchema,
    // Compared with the field's value as text: a checkbox reads "true" or "false", a number as written.
    fieldValue: z
      .string({ error: "Give the value that marks a protected account, e.g. true" })
      .trim()
      .min(1, "Give the value that marks a protected account, e.g. true")
      .max(MAX_FIELD_VALUE, `Keep the value to ${MAX_FIELD_VALUE} characters or fewer`),
  },
  { error: "Send the group as a JSON object with name, fieldName, fieldValue and optionally description" },
);
export type SharingGroupInput = z.input<typeof sharingGroupInputSchema>;

export const groupParamsSchema = z.object({ id: z.string().trim().min(1).max(40) });

export const memberInputSchema = z.object(
  { userId: z.string({ error: "Pick a user from the list" }).trim().min(1, "Pick a user from the list").max(40, "Pick a user from the list") },
  { error: "Send the member as a JSON object with userId" },
);
export type MemberInput = z.input<typeof memberInputSchema>;
