import { route } from "@/lib/http/route";
import { accountParamsSchema } from "@/lib/accounts/account-page-scope";
import { csmHistory } from "@/lib/accounts/csm/csm-history";
import { accountNotFound } from "@/lib/auth/data-scope";

// Every change of the account's CSM, newest first, with "first assigned"; readable by whoever may read the account.
export const GET = route({ permission: "accounts.read", params: accountParamsSchema }, async ({ params, user }) => {
  const history = await csmHistory(params.id, user);
  if (!history) throw accountNotFound(params.id);
  return history;
});
