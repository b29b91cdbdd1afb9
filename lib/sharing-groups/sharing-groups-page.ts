import { db } from "@/lib/db";
import type { RoleName } from "@/lib/auth/permissions";
import { accountFieldChoices, type AccountFieldChoice } from "@/lib/sharing-groups/account-fields";
import { listSharingGroups } from "@/lib/sharing-groups/list-sharing-groups";
import type { SharingGroupView } from "@/lib/sharing-groups/sharing-group-view";

// Read model of Settings › Sharing groups: the groups, the users who may be added (active ones
// first), and the account fields a rule may name (null before Salesforce's fields are cached).

export interface SharingGroupsPage {
  groups: SharingGroupView[];
  users: { id: string; email: string; name: string | null; role: RoleName; active: boolean }[];
  fields: { object: string; fields: AccountFieldChoice[] } | null;
}

export async function sharingGroupsPage(): Promise<SharingGroupsPage> {
  const [groups, users, fields] = await Promise.all([
    listSharingGroups(),
    db.user.findMany({ orderBy: [{ active: "desc" }, { email: "asc" }], select: { id: true, email: true, name: true, role: true, active: true } }),
    accountFieldChoices(),
  ]);
  return { groups, users, fields };
}
