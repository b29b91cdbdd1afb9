import { Card, EmptyState } from "@/components/ui/card";
import type { SharingGroupsPage } from "@/lib/sharing-groups/sharing-groups-page";
import { DeleteGroup } from "@/components/sharing-groups/delete-group";
import { GroupDialog } from "@/components/sharing-groups/group-dialog";
import { GroupMembers } from "@/components/sharing-groups/group-members";

/** Every group as a card: its rule, how many accounts it protects, its members. */
export function SharingGroupsAdmin({ page }: { page: SharingGroupsPage }) {
  return (
    <div className="space-y-4">
      <div className="flex justify-end">
        <GroupDialog fields={page.fields} />
      </div>
      {page.groups.length === 0 ? (
        <EmptyState title="No sharing group yet">
          Every account is visible to everyone who can read accounts. Create a group to keep some accounts (for example those with Public_Sector__c true) to the people you add to it.
        </EmptyState>
      ) : (
        page.groups.map((g) => (
          <Card key={g.id}>
            <section aria-label={g.name} data-testid={`sharing-group-${g.name}`}>
              <div className="flex flex-wrap items-start justify-between gap-2">
                <div>
                  <h2 className="text-base font-semibold text-slate-900">{g.name}</h2>
                  {g.description && <p className="text-sm text-slate-600">{g.description}</p>}
                  <p className="mt-1 text-sm text-slate-700">
                    Protects the accounts whose <code className="font-mono">{g.fieldName}</code> is <code className="font-mono">{g.fieldValue}</code>:{" "}
                    <span className="tabular-nums" data-testid="protected-accounts">
                      {g.protectedAccounts.toLocaleString("en-US")}
                    </span>{" "}
                    {g.protectedAccounts === 1 ? "account" : "accounts"} in the hub now.
                  </p>
                </div>
                <div className="flex gap-2">
                  <GroupDialog group={g} fields={page.fields} />
                  <DeleteGroup group={g} />
                </div>
              </div>
              <GroupMembers group={g} users={page.users} />
            </section>
          </Card>
        ))
      )}
    </div>
  );
}
