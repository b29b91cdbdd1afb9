import { route } from "@/lib/http/route";
import { accountParamsSchema } from "@/lib/accounts/account-page-scope";
import { setAccountCsm, setCsmRequestSchema } from "@/lib/accounts/csm/set-account-csm";

// Sets the account's CSM (admins and operations); a job pushes it to Salesforce within seconds.
export const PUT = route({ permission: "accounts.csm", params: accountParamsSchema, body: setCsmRequestSchema }, async ({ params, body, user, ip }) =>
  setAccountCsm(params.id, body.sfUserId, { actor: user, source: "console", ip }),
);
