import Link from "next/link";
import { Table, type Column } from "@/components/ui/table";
import { NoData, Section } from "@/components/accounts/account-page/section";
import type { ViewerFormat } from "@/lib/accounts/account-page-format";
import { USER_STATUS_WINDOWS, type UserStatus } from "@/lib/accounts/account-page-users";
import { FEATURE_DAYS, NPS_SHOWN, USERS_SHOWN, type FeatureUse, type NpsAnswer, type UsageSections, type UsagePerson } from "@/lib/accounts/account-page-usage";
import type { AccountUsageTools } from "@/lib/accounts/account-page-usage-tool";

export const personText = (p: UsagePerson) => (p.name && p.email ? `${p.name} (${p.email})` : (p.name ?? p.email ?? p.userId));

function npsColumns(fmt: ViewerFormat): Column<NpsAnswer>[] {
  return [
    { key: "day", header: "Day", cell: (a) => <span className="whitespace-nowrap">{fmt.day(a.day)}</span> },
    { key: "score", header: "Score", align: "right", cell: (a) => <span className={a.score >= 9 ? "text-green-700" : a.score <= 6 ? "text-red-700" : "text-slate-700"}>{fmt.number(a.score, 0)}</span> },
    { key: "comment", header: "Comment", cell: (a) => (a.comment ? <span className="whitespace-pre-line">{a.comment}</span> : <span className="text-slate-400">no comment</span>) },
    { key: "who", header: "Who", cell: (a) => <span className="text-xs text-slate-600">{personText(a)}</span> },
  ];
}

function featureColumns(fmt: ViewerFormat): Column<FeatureUse>[] {
  return [
    {
      key: "name",
      header: "Feature",
      cell: (f) => (
        <>
          {f.name}
          {!f.tracked && <span className="ml-1 text-xs text-slate-500">(no longer tracked)</span>}
        </>
      ),
    },
    { key: "clicks", header: "Clicks", align: "right", cell: (f) => fmt.number(f.clicks, 0) },
    { key: "days", header: "Days used", align: "right", cell: (f) => fmt.number(f.days, 0) },
  ];
}

const STATUS_TEXT: Record<UserStatus, { title: string; window: string }> = {
  active: { title: "Active", window: `an event in the last ${USER_STATUS_WINDOWS.active.fromDaysAgo + 1} days` },
  fading: { title: "Fading", window: `last active ${USER_STATUS_WINDOWS.fading.toDaysAgo + 1} to ${USER_STATUS_WINDOWS.fading.fromDaysAgo + 1} days ago` },
  gone: { title: "Gone", window: `last active ${USER_STATUS_WINDOWS.gone.toDaysAgo + 1} to ${USER_STATUS_WINDOWS.gone.fromDaysAgo + 1} days ago` },
};

function noUsage(usage: AccountUsageTools, what: string, testId: string) {
  if (!usage.shown) {
    return (
      <NoData testId={testId}>
        No usage tracked for this account, so no {what}: no Pendo or Gainsight PX account is linked to it.{" "}
        <Link href="/exceptions" className="font-medium text-brand-700 hover:underline">
          Link it on Exceptions
        </Link>
        .
      </NoData>
    );
  }
  if (usage.shown.members.length === 0) {
    return (
      <NoData testId={testId}>
        No {usage.shown.label} account is linked to this account any more, so no {what}; its last health score read {usage.shown.label}&apos;s KPIs.{" "}
        <Link href="/exceptions" className="font-medium text-brand-700 hover:underline">
          Link it again on Exceptions
        </Link>
        .
      </NoData>
    );
  }
  return (
    <NoData testId={testId}>
      No {usage.shown.label} usage is ingested yet, so no {what}. Usage arrives with each Synchronize of {usage.shown.label} and the scheduled usage refresh.{" "}
      <Link href="/integrations" className="font-medium text-brand-700 hover:underline">
        Run Synchronize
      </Link>
      .
    </NoData>
  );
}

export function ProductUsage({ usage, sections, fmt }: { usage: AccountUsageTools; sections: UsageSections | null; fmt: ViewerFormat }) {
  const tool = usage.shown;
  const source = tool ? `${tool.label}, the ${fmt.number(tool.members.length, 0)} linked account${tool.members.length === 1 ? "" : "s"} combined` : "";
  const others = usage.others.length ? ` Also linked in ${usage.others.map((o) => o.label).join(" and ")}, whose usage is not shown here.` : "";
  return (
    <>
      <Section id="nps" title="NPS history" description={sections ? `Every NPS answer from ${source}, newest first.${others}` : undefined}>
        {!sections ? (
          noUsage(usage, "NPS answers", "nps-empty")
        ) : (
          <>
            <Table
              label="NPS answers"
              columns={npsColumns(fmt)}
              rows={sections.nps.answers}
              rowKey={(a) => a.responseId}
              rowTestId="nps-row"
              empty={`No NPS answer from ${tool!.label} for this account yet: answers arrive when its users respond to an NPS survey.`}
            />
            {sections.nps.total > sections.nps.answers.length && (
              <p className="mt-2 text-xs text-slate-500">
                The newest {fmt.number(NPS_SHOWN, 0)} of {fmt.number(sections.nps.total, 0)} answers.
              </p>
            )}
          </>
        )}
      </Section>

      <Section
        id="features"
        title="Features"
        description={sections ? `Feature clicks from ${fmt.day(sections.features.from)} to ${fmt.day(sections.features.to)} (${FEATURE_DAYS} days), ${source}.` : undefined}
      >
        {!sections ? (
          noUsage(usage, "feature use", "features-empty")
        ) : (
          <div className="grid gap-6 lg:grid-cols-2">
            <div>
              <h3 className="mb-2 text-sm font-semibold text-slate-900">Top features</h3>
              <Table
                label="Top features"
                columns={featureColumns(fmt)}
                rows={sections.features.top}
                rowKey={(f) => f.featureId}
                rowTestId="top-feature-row"
                empty={`No feature click in these ${FEATURE_DAYS} days. ${sections.features.tracked === 0 ? `${tool!.label} tracks no feature: tag features in ${tool!.label} to see their use here.` : "The account's users have not used a tracked feature."}`}
              />
            </div>
            <div>
              <h3 className="mb-2 text-sm font-semibold text-slate-900">
                Unused features <span className="font-normal text-slate-600">({fmt.number(sections.features.unusedCount, 0)} of {fmt.number(sections.features.tracked, 0)} tracked)</span>
              </h3>
              {sections.features.tracked === 0 ? (
                <p className="text-sm text-slate-600">{tool!.label} tracks no feature yet.</p>
              ) : sections.features.unusedCount === 0 ? (
                <p className="text-sm text-slate-600">Every tracked feature was used in these {FEATURE_DAYS} days.</p>
              ) : (
                <>
                  <ul className="columns-1 text-sm text-slate-700 sm:columns-2" data-testid="unused-features">
                    {sections.features.unused.map((f) => (
                      <li key={f.featureId}>{f.name}</li>
                    ))}
                  </ul>
                  {sections.features.unusedCount > sections.features.unused.length && (
                    <p className="mt-1 text-xs text-slate-500">and {fmt.number(sections.features.unusedCount - sections.features.unused.length, 0)} more.</p>
                  )}
                </>
              )}
            </div>
          </div>
        )}
      </Section>

      <Section id="users" title="Users" description={sections ? `By each user's last activity up to ${fmt.day(sections.users.asOf)}, ${tool!.label}'s last ingested day; ${source}.` : undefined}>
        {!sections ? (
          noUsage(usage, "users", "users-empty")
        ) : (
          <div className="grid gap-6 md:grid-cols-3">
            {(["active", "fading", "gone"] as const).map((status) => {
              const count = sections.users.counts[status];
              const shown = sections.users.first[status];
              return (
                <div key={status} data-testid={`users-${status}`}>
                  <h3 className="text-sm font-semibold text-slate-900">
                    {STATUS_TEXT[status].title}: <span className="tabular-nums" data-testid="users-count">{fmt.number(count, 0)}</span>
                  </h3>
                  <p className="text-xs text-slate-500">{STATUS_TEXT[status].window}</p>
                  {count === 0 ? (
                    <p className="mt-2 text-sm text-slate-600">Nobody.</p>
                  ) : (
                    <ul className="mt-2 space-y-1 text-sm">
                      {shown.map((u) => (
                        <li key={u.userId} className="flex justify-between gap-2">
                          <span className="truncate text-slate-800" title={personText(u)}>
                            {personText(u)}
                          </span>
                          <span className="shrink-0 text-xs text-slate-500">{fmt.shortDay(u.lastActive)}</span>
                        </li>
                      ))}
                    </ul>
                  )}
                  {count > shown.length && <p className="mt-1 text-xs text-slate-500">The first {fmt.number(USERS_SHOWN, 0)} of {fmt.number(count, 0)}, most recently active first.</p>}
                </div>
              );
            })}
          </div>
        )}
      </Section>
    </>
  );
}
