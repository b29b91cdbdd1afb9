import { cookies } from "next/headers";
import { requirePermission } from "@/app/_auth/require";
import { can } from "@/lib/auth/permissions";
import { PageHeader } from "@/components/ui/card";
import { IntegrationsBoard } from "@/components/integrations/integrations-board";
import { listIntegrationCards } from "@/lib/integrations/list-integrations";
import { connectOptions } from "@/lib/integrations/connect-options";
import { FLASH_COOKIE, parseFlash } from "@/lib/integrations/flash";

export const metadata = { title: "Integrations" };

export default async function IntegrationsPage() {
  const user = await requirePermission("integrations.read");
  const [cards, jar] = await Promise.all([listIntegrationCards(), cookies()]);
  return (
    <>
      <PageHeader
        title="Integrations"
        description="Connect Salesforce, Pendo and Gainsight PX. Every sync, mapping and match starts from these cards."
      />
      <IntegrationsBoard
        initial={cards}
        canManage={can(user.role, "integrations.manage")}
        options={connectOptions()}
        flash={parseFlash(jar.get(FLASH_COOKIE)?.value)}
      />
    </>
  );
}
