import { requirePermission } from "@/app/_auth/require";
import { PageHeader } from "@/components/ui/card";
import { SharingGroupsAdmin } from "@/components/sharing-groups/sharing-groups-admin";
import { sharingGroupsPage } from "@/lib/sharing-groups/sharing-groups-page";

export const metadata = { title: "Sharing groups" };

export default async function SharingGroupsPage() {
  await requirePermission("sharing.manage");
  const page = await sharingGroupsPage();
  return (
    <>
      <PageHeader
        title="Sharing groups"
        description="Keep some Salesforce accounts to the people who may see them, such as public-sector accounts. An account a group protects is visible only to its members, in every list, page, search, export and count, whatever their role: admins too must be members. Every change is in the audit log."
      />
      <SharingGroupsAdmin page={page} />
    </>
  );
}
