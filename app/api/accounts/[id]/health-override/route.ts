import { route } from "@/lib/http/route";
import { clearHealthOverride, healthOverrideRequestSchema, setHealthOverride } from "@/lib/accounts/account-page-override";
import { accountParamsSchema } from "@/lib/accounts/account-page-scope";

// The override form of the account page. accounts.edit lets admins, operations and CSMs in; among
// CSMs only the account's own may change it, which lib/accounts/account-page-csm.ts checks.
export const POST = route({ permission: "accounts.edit", params: accountParamsSchema, body: healthOverrideRequestSchema }, async ({ params, body, user, ip }) =>
  setHealthOverride(params.id, body, { actor: user, ip }),
);

export const DELETE = route({ permission: "accounts.edit", params: accountParamsSchema }, async ({ params, user, ip }) => clearHealthOverride(params.id, { actor: user, ip }));
