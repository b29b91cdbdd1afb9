import { route } from "@/lib/http/route";
import { logger } from "@/lib/logger";
import { allAccounts } from "@/lib/accounts/list-accounts";
import { accountCsv } from "@/lib/accounts/list-csv";
import { accountExportSchema } from "@/lib/accounts/list-filter";
import type { AccountRow } from "@/lib/accounts/list-rows";

// The Accounts list as it is filtered and sorted now, every page, streamed so 100,000 accounts
// never sit in memory as text. Not audited: no export of the hub is (configuration, exceptions).
export const GET = route({ permission: "accounts.read", query: accountExportSchema }, async ({ query, user }) => {
  const encoder = new TextEncoder();
  const rows = allAccounts(query, user);
  let first = true;
  const stream = new ReadableStream<Uint8Array>({
    // One batch of rows per pull, so a slow download does not make the server read ahead.
    async pull(controller) {
      const batch: AccountRow[] = [];
      try {
        for (let i = 0; i < 500; i++) {
          const next = await rows.next();
          if (next.done) break;
          batch.push(next.value);
        }
      } catch (err) {
        // Headers are gone already: cut the download short (the browser reports it failed) and log why.
        logger.error({ err }, "account CSV export failed mid-stream");
        controller.error(err);
        return;
      }
      const text = accountCsv(batch, first);
      first = false;
      if (text) controller.enqueue(encoder.encode(text));
      if (batch.length < 500) controller.close();
    },
    // The browser went away: stop reading the database.
    async cancel() {
      await rows.return(undefined);
    },
  });
  const day = new Date().toISOString().slice(0, 10);
  return new Response(stream, {
    headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="clearinghouse-accounts-${day}.csv"`, "cache-control": "no-store" },
  });
});
