import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { changePasswordSchema, createUserSchema, updateUserSchema } from "@/lib/users/schemas";

// Every message a user can meet on the user forms says what is wrong and what to do, never zod's
// own wording ("Too big: expected string to have <=120 characters", "Invalid input: expected ...").
const ZOD_WORDING = /expected|received|Invalid input|Invalid option|Too big|Too small|Unrecognized|Required/i;

function messages(schema: z.ZodType, value: unknown): Record<string, string> {
  const result = schema.safeParse(value);
  expect(result.success, `${JSON.stringify(value)} should be refused`).toBe(false);
  return Object.fromEntries((result.error?.issues ?? []).map((i) => [i.path.join(".") || "_", i.message]));
}

const long = (n: number) => "x".repeat(n);

const refused: [string, z.ZodType, unknown, string][] = [
  ["create: no body", createUserSchema, undefined, "_"],
  ["create: email missing", createUserSchema, { role: "CSM" }, "email"],
  ["create: email not an address", createUserSchema, { email: "jane", role: "CSM" }, "email"],
  ["create: email too long", createUserSchema, { email: `jane@${`${"b".repeat(60)}.`.repeat(5)}com`, role: "CSM" }, "email"],
  ["create: name too long", createUserSchema, { email: "jane@example.com", name: long(121), role: "CSM" }, "name"],
  ["create: name not text", createUserSchema, { email: "jane@example.com", name: 12, role: "CSM" }, "name"],
  ["create: role missing", createUserSchema, { email: "jane@example.com" }, "role"],
  ["create: role unknown", createUserSchema, { email: "jane@example.com", role: "ROOT" }, "role"],
  ["update: no body", updateUserSchema, undefined, "_"],
  ["update: nothing to change", updateUserSchema, {}, "_"],
  ["update: role unknown", updateUserSchema, { role: "ROOT" }, "role"],
  ["update: active not a boolean", updateUserSchema, { active: "yes" }, "active"],
  ["update: name too long", updateUserSchema, { name: long(121) }, "name"],
  ["password: no body", changePasswordSchema, undefined, "_"],
  ["password: current missing", changePasswordSchema, { newPassword: long(20) }, "currentPassword"],
  ["password: current empty", changePasswordSchema, { currentPassword: "", newPassword: long(20) }, "currentPassword"],
  ["password: new missing", changePasswordSchema, { currentPassword: "old" }, "newPassword"],
  ["password: new too short", changePasswordSchema, { currentPassword: "old", newPassword: "short" }, "newPassword"],
  ["password: new too long", changePasswordSchema, { currentPassword: "old", newPassword: long(201) }, "newPassword"],
  ["password: new same as current", changePasswordSchema, { currentPassword: long(20), newPassword: long(20) }, "newPassword"],
];

describe("user form messages", () => {
  it.each(refused)("%s: says what is wrong and what to do", (_case, schema, value, field) => {
    const byField = messages(schema, value);
    expect(Object.keys(byField)).toContain(field);
    for (const message of Object.values(byField)) {
      expect(message).not.toMatch(ZOD_WORDING);
      // A sentence a person can act on: starts with a capital and names an action or a limit.
      expect(message).toMatch(/^[A-Z]/);
    }
  });

  it("names the limit on a name that is too long", () => {
    expect(messages(createUserSchema, { email: "jane@example.com", name: long(121), role: "CSM" }).name).toMatch(/120 characters/);
  });

  it("still accepts a valid user and trims an empty name away", () => {
    expect(createUserSchema.parse({ email: " Jane@Example.com ", name: "  ", role: "CSM" })).toEqual({ email: "jane@example.com", role: "CSM" });
  });
});
