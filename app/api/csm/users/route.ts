import { route } from "@/lib/http/route";
import { assignableCsms, assignableCsmsQuerySchema } from "@/lib/accounts/csm/assignable-csms";

// The "Change CSM" picker: active Salesforce users matching ?q= (name, email or id), a page at a time.
export const GET = route({ permission: "accounts.csm", query: assignableCsmsQuerySchema }, async ({ query }) => assignableCsms(query));
