import { headers } from "next/headers";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePermission } from "@/app/_auth/require";
import { Alert, PageHeader } from "@/components/ui/card";
import { AccountRecords } from "@/components/accounts/account-page/account-records";
import { HealthSummary } from "@/components/accounts/account-page/health-summary";
import { KpiSparklines } from "@/components/accounts/account-page/kpi-sparklines";
import { OverridePanel } from "@/components/accounts/account-page/override-panel";
import { CsmPanel } from "@/components/accounts/account-page/csm-panel";
import { ProductUsage } from "@/components/accounts/account-page/product-usage";
import { ScoreTrend } from "@/components/accounts/account-page/score-trend";
import { WhyItChanged } from "@/components/accounts/account-page/why-it-changed";
import { accountPage } from "@/lib/accounts/account-page";
import { changeQuerySchema, changeSelection } from "@/lib/accounts/account-page-change";
import { viewerFormat, viewerLocale } from "@/lib/accounts/account-page-format";
import { accountParamsSchema } from "@/lib/accounts/account-page-scope";

export const metadata = { title: "Account" };

const RETIRED = {
  TO_MERGE: "This account was merged into another in Salesforce",
  TO_DELETE: "This account was deleted in Salesforce",
} as const;

export default async function AccountPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requirePermission("accounts.read");
  const route = accountParamsSchema.safeParse(await params);
  if (!route.success) notFound();
  const query = changeQuerySchema.safeParse(await searchParams);
  const page = await accountPage(route.data.id, { viewer: user, change: changeSelection(query.success ? query.data : {}) });
  if (!page) notFound();
  const fmt = viewerFormat(viewerLocale((await headers()).get("accept-language")));
  const { account, csm, health } = page;
  const path = `/accounts/${account.id}`;

  return (
    <>
      <div className="mb-2 text-sm">
        <Link href="/accounts" className="text-brand-700 hover:underline">
          ← Accounts
        </Link>
      </div>
      <PageHeader
        title={account.name ?? "(no name)"}
        description={[
          `Salesforce ${account.objectName} ${account.id}`,
          account.website,
          csm ? `CSM: ${csm.name ?? csm.email ?? csm.userId}${csm.known ? "" : " (not in the hub's Salesforce users)"}` : "No CSM",
        ]
          .filter(Boolean)
          .join(" · ")}
        actions={
          <>
            <Link href={`${path}/qbr`} className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-800 shadow-sm hover:bg-slate-50">
              QBR summary
            </Link>
            <a href={`/api/accounts/${account.id}/qbr.csv`} download className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-800 shadow-sm hover:bg-slate-50">
              QBR as CSV
            </a>
          </>
        }
      />
      {account.state !== "ACTIVE" && (
        <div className="mb-4">
          <Alert tone="amber">
            {RETIRED[account.state]}
            {account.masterRecordId ? ` (into ${account.masterRecordId})` : ""}. The hub keeps it{account.retiredReason ? `: ${account.retiredReason}` : ""} until an admin reviews it on
            Exceptions; it is no longer scored.
          </Alert>
        </div>
      )}
      <HealthSummary
        accountId={account.id}
        health={health}
        fmt={fmt}
        overridePanel={<OverridePanel accountId={account.id} access={page.overrideAccess} inForce={health?.override != null} />}
      />
      <CsmPanel accountId={account.id} section={page.csmSection} />
      <WhyItChanged path={path} change={page.change} newest={health?.day ?? null} invalid={query.success ? null : (query.error.issues[0]?.message ?? null)} fmt={fmt} />
      <ScoreTrend trend={page.trend} bands={health?.bands ?? null} fmt={fmt} />
      <KpiSparklines tool={page.usage.shown} kpis={page.usage.kpis} fmt={fmt} />
      <ProductUsage usage={page.usage} sections={page.usage.sections} fmt={fmt} />
      <AccountRecords links={page.links} salesforce={page.salesforce} fmt={fmt} />
    </>
  );
}
