import { notFound } from "next/navigation";
import { z } from "zod";
import { requirePermission } from "@/app/_auth/require";
import { runIdSchema } from "@/lib/sync/history/params";
import { runExists } from "@/lib/sync/history/run-exists";

// loading.tsx wraps the page in a Suspense boundary, so a notFound() thrown by the page comes after a
// 200 has been sent; thrown here, above the boundary, an unknown run id is a real 404.
const paramsSchema = z.object({ runId: runIdSchema });

export default async function SyncRunLayout({ children, params }: { children: React.ReactNode; params: Promise<{ runId: string }> }) {
  await requirePermission("sync.read");
  const route = paramsSchema.safeParse(await params);
  if (!route.success || !(await runExists(route.data.runId))) notFound();
  return children;
}
