import { headers } from "next/headers";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePermission } from "@/app/_auth/require";
import { PrintButton } from "@/components/accounts/account-page/print-button";
import { QbrReport } from "@/components/accounts/account-page/qbr-report";
import { viewerFormat, viewerLocale } from "@/lib/accounts/account-page-format";
import { accountParamsSchema } from "@/lib/accounts/account-page-scope";
import { qbrSummary } from "@/lib/accounts/qbr";
import { QBR_DAYS } from "@/lib/accounts/qbr-periods";

export const metadata = { title: "QBR summary" };

// Printed, the page is the report alone: the console's sidebar and this page's buttons are left
// out, and no section is split across two sheets.
const PRINT_CSS = `
@media print {
  @page { margin: 14mm; }
  body { background: #fff; }
  aside { display: none !important; }
  main { padding: 0 !important; }
  .qbr-section { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}`;

export default async function QbrPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePermission("accounts.read");
  const route = accountParamsSchema.safeParse(await params);
  if (!route.success) notFound();
  const q = await qbrSummary(route.data.id, user);
  if (!q) notFound();
  const fmt = viewerFormat(viewerLocale((await headers()).get("accept-language")));
  const csm = q.csm ? (q.csm.name ?? q.csm.email ?? q.csm.userId) : "none in Salesforce";

  return (
    <div className="mx-auto max-w-4xl">
      <style>{PRINT_CSS}</style>
      <div className="mb-2 flex flex-wrap items-center justify-between gap-2 text-sm print:hidden">
        <Link href={`/accounts/${q.account.id}`} className="text-brand-700 hover:underline">
          ← {q.account.name ?? "The account"}
        </Link>
        <div className="flex gap-2">
          <a href={`/api/accounts/${q.account.id}/qbr.csv`} download className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-800 shadow-sm hover:bg-slate-50">
            Download CSV
          </a>
          <PrintButton />
        </div>
      </div>
      <header className="mb-6">
        <h1 className="text-2xl font-semibold text-slate-900">QBR summary: {q.account.name ?? "(no name)"}</h1>
        <p className="mt-1 text-sm text-slate-600" data-testid="qbr-period">
          {q.period ? `The ${fmt.number(QBR_DAYS, 0)} days from ${fmt.day(q.period.from)} to ${fmt.day(q.period.to)}` : "No period: nothing is tracked yet"}
          {q.tool ? ` · usage from ${q.tool.label}` : ""} · CSM: {csm} · Salesforce {q.account.id}
        </p>
      </header>
      <QbrReport q={q} fmt={fmt} />
    </div>
  );
}
