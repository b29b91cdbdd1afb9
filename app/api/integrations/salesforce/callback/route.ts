import { route } from "@/lib/http/route";
import { isAppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { finishSalesforceConnect, salesforceCallbackSchema } from "@/lib/integrations/connect-salesforce";
import { flashCookie, type Flash } from "@/lib/integrations/flash";

// Salesforce sends the admin's browser back here; whatever happens, they land on the
// Integrations page with a sentence about the outcome.
export const GET = route({ permission: "integrations.manage", query: salesforceCallbackSchema }, async ({ user, query, ip, request }) => {
  let flash: Flash;
  try {
    const { orgName } = await finishSalesforceConnect({ actor: user, ip }, query);
    flash = { tone: "green", message: `Salesforce is connected${orgName ? ` to ${orgName}` : ""}. Field metadata is being read in the background.` };
  } catch (error) {
    if (!isAppError(error)) logger.error({ err: error }, "Salesforce callback failed");
    flash = {
      tone: "red",
      message: isAppError(error) ? error.message : "Connecting Salesforce failed on our side. Try again; the server log has details.",
    };
  }
  return new Response(null, {
    status: 303,
    headers: { location: new URL("/integrations", request.url).toString(), "set-cookie": flashCookie(flash) },
  });
});
