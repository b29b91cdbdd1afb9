import { requirePermission } from "@/app/_auth/require";
import { PageHeader } from "@/components/ui/card";
import { UsersAdmin } from "@/components/users/users-admin";

export const metadata = { title: "Users" };

export default async function UsersPage() {
  const user = await requirePermission("users.read");
  return (
    <>
      <PageHeader
        title="Users"
        description="Who can use Clearinghouse and what their role allows. New users get a one-time password they replace at first sign-in."
      />
      <UsersAdmin currentUserId={user.id} />
    </>
  );
}
