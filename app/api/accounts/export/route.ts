import { route } from "@/lib/http/route";
import { csvDownload } from "@/lib/http/csv-stream";
import { allAccounts } from "@/lib/accounts/list-accounts";
import { accountCsv } from "@/lib/accounts/list-csv";
import { accountExportSchema } from "@/lib/accounts/list-filter";

// The Accounts list as it is filtered and sorted now, every page, streamed. Not audited: no export of
// the hub is (configuration, exceptions).
export const GET = route({ permission: "accounts.read", query: accountExportSchema }, async ({ query, user }) => {
  const day = new Date().toISOString().slice(0, 10);
  return csvDownload(allAccounts(query, user), accountCsv, { filename: `clearinghouse-accounts-${day}.csv`, what: "account" });
});
