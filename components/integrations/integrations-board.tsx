"use client";

import { useQuery } from "@tanstack/react-query";
import { Alert } from "@/components/ui/card";
import { api } from "@/lib/http/api-client";
import type { IntegrationCardView } from "@/lib/integrations/card-view";
import { LIVE_STATUSES } from "@/lib/sync/history/params";
import { IntegrationCard } from "@/components/integrations/integration-card";
import type { ConnectOptions } from "@/components/integrations/types";

export function IntegrationsBoard({
  initial,
  canManage,
  options,
  flash,
}: {
  initial: IntegrationCardView[];
  canManage: boolean;
  options: ConnectOptions;
  flash: { tone: "green" | "red"; message: string } | null;
}) {
  const cards = useQuery({
    queryKey: ["integrations"],
    queryFn: async () => (await api<{ integrations: IntegrationCardView[] }>("/api/integrations")).integrations,
    initialData: initial,
    // Quick while a pull waits or runs, so its progress and its end show; slow otherwise.
    refetchInterval: (query) => (query.state.data?.some((c) => [c.lastPull, c.lastSync].some((r) => r != null && LIVE_STATUSES.includes(r.status))) ? 2_000 : 30_000),
  });
  return (
    <div className="space-y-4">
      {flash && <Alert tone={flash.tone}>{flash.message}</Alert>}
      {cards.error && <Alert>{cards.error.message}</Alert>}
      <div className="grid gap-4 lg:grid-cols-3">
        {cards.data.map((card) => (
          <IntegrationCard key={card.system} card={card} canManage={canManage} options={options} />
        ))}
      </div>
    </div>
  );
}
