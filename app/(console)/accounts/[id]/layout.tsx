import { notFound } from "next/navigation";
import { requirePermission } from "@/app/_auth/require";
import { accountParamsSchema, findVisibleAccount } from "@/lib/accounts/account-page-scope";

// The account must exist and be the viewer's to see (their sharing groups) before anything
// streams. loading.tsx wraps the pages below in a Suspense boundary, so a notFound() thrown there
// comes after a 200 has been sent; thrown here, above the boundary, it is a real 404.
export default async function AccountLayout({ children, params }: { children: React.ReactNode; params: Promise<{ id: string }> }) {
  const user = await requirePermission("accounts.read");
  const route = accountParamsSchema.safeParse(await params);
  if (!route.success || !(await findVisibleAccount(route.data.id, user))) notFound();
  return children;
}
