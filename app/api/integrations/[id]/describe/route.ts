import { route } from "@/lib/http/route";
import { enqueue } from "@/lib/queue/producer";
import { requireIntegration } from "@/lib/integrations/test-connection";
import { AppError } from "@/lib/errors";

export const POST = route({ permission: "integrations.manage" }, async ({ params }) => {
  const integration = await requireIntegration(params.id ?? "");
  if (integration.system !== "SALESFORCE") throw new AppError("INVALID_INPUT", "Only Salesforce has field metadata to refresh.");
  // Deterministic id: clicking twice while one refresh waits does not queue a second.
  await enqueue("refreshSalesforceDescribe", { integrationId: integration.id }, { jobId: `describe-${integration.id}` });
  return { message: "Refreshing Salesforce field metadata in the background." };
});
