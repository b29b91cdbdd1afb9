import type { CsmSection } from "@/lib/accounts/csm/csm-section";
import type { CsmHistoryRow, CsmUserRef } from "@/lib/accounts/csm/csm-history";
import type { CsmPushStatus as PushStatus } from "@/lib/accounts/csm/push-status";
import { Table, type Column } from "@/components/ui/table";
import { LocalTime } from "@/components/sync/local-time";
import { ChangeCsm } from "@/components/accounts/account-page/change-csm";
import { CsmPushStatus, type PushStatusView } from "@/components/accounts/account-page/csm-push-status";
import { Section } from "@/components/accounts/account-page/section";

// The account page's CSM section (issue 13, "CSM as source of truth"): who it is, whether
// Salesforce has it, "Change CSM" for admins and operations, and the history with "first assigned".

const SOURCE: Record<string, string> = { console: "Console", cli: "Command line", salesforce: "Found in Salesforce" };

function UserName({ user }: { user: CsmUserRef | null }) {
  if (!user) return <span className="text-slate-500">No CSM</span>;
  return (
    <span title={user.id}>
      {user.name ?? user.id}
      {user.email && <span className="text-slate-500"> · {user.email}</span>}
    </span>
  );
}

function statusView(s: PushStatus): PushStatusView {
  if (s.state === "pushed") return { state: "pushed", at: s.at.toISOString() };
  if (s.state === "pending") return { state: "pending", since: s.since.toISOString() };
  if (s.state === "failed") return { state: "failed", error: s.error, since: s.since.toISOString() };
  return s;
}

const columns: Column<CsmHistoryRow>[] = [
  { key: "at", header: "When", cell: (r) => <LocalTime iso={r.at.toISOString()} /> },
  { key: "by", header: "Who", cell: (r) => r.by },
  { key: "change", header: "From → to", cell: (r) => (<><UserName user={r.from} /> → <UserName user={r.to} /></>) },
  { key: "source", header: "Source", cell: (r) => SOURCE[r.source] ?? r.source },
];

export function CsmPanel({ accountId, section }: { accountId: string; section: CsmSection }) {
  const { csm, history } = section;
  const first = history.firstAssigned;
  return (
    <Section id="csm" title="Customer Success Manager" description="Set here by admins and operations and pushed to Salesforce within seconds of each change.">
      <div className="space-y-1" data-testid="csm-current">
        <p className="text-sm text-slate-900">
          <span className="font-medium">CSM: </span>
          <UserName user={csm} />
          {section.source === "salesforce" && csm && <span className="text-slate-500"> (from Salesforce)</span>}
        </p>
        <CsmPushStatus status={statusView(section.push)} fieldName={section.fieldName} />
        <p className="text-sm text-slate-600" data-testid="csm-first-assigned">
          {first ? (
            <>
              First assigned <LocalTime iso={first.at.toISOString()} /> to <UserName user={first.user} />
              {first.source === "salesforce" ? " (already set in Salesforce when Clearinghouse took over)" : ""}
            </>
          ) : csm ? (
            "Assigned in Salesforce before Clearinghouse: when is known from the first change made here."
          ) : (
            "Never had a CSM."
          )}
        </p>
      </div>
      {section.canChange && <ChangeCsm accountId={accountId} currentUserId={csm?.id ?? null} />}
      <h3 className="mb-2 mt-5 text-sm font-semibold text-slate-900">CSM history</h3>
      <Table
        label="CSM history"
        columns={columns}
        rows={history.entries}
        rowKey={(r) => `${r.at.toISOString()}:${r.source}:${r.to?.id ?? "none"}`}
        empty="No change yet: the CSM has never been changed in Clearinghouse."
        rowTestId="csm-history-row"
      />
    </Section>
  );
}
