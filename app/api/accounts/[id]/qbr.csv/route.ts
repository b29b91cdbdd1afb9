import { route } from "@/lib/http/route";
import { accountNotFound } from "@/lib/auth/data-scope";
import { qbrCsv } from "@/lib/accounts/qbr-csv";
import { qbrSummary } from "@/lib/accounts/qbr";
import { accountParamsSchema } from "@/lib/accounts/account-page-scope";

// The QBR summary as CSV: the same 90 days as the printable page, one row per figure.
export const GET = route({ permission: "accounts.read", params: accountParamsSchema }, async ({ params, user }) => {
  const summary = await qbrSummary(params.id, user);
  if (!summary) throw accountNotFound(params.id);
  const slug = (summary.account.name ?? "").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 60) || "account";
  const to = summary.period?.to ?? new Date().toISOString().slice(0, 10);
  return new Response(qbrCsv(summary), {
    headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="qbr-${slug}-${summary.account.id}-${to}.csv"`, "cache-control": "no-store" },
  });
});
