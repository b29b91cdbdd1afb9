import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { approveDemoConsent } from "@/lib/connectors/salesforce/demo-consent";
import { finishSalesforceConnect, startSalesforceConnect } from "@/lib/integrations/connect-salesforce";
import { connectApiKeyIntegration } from "@/lib/integrations/connect-api-key";
import type { Context } from "@/lib/users/manage-users";

// The emulators' documented demo credentials (emulators/README.md).
export const DEMO_KEYS = { pendo: "demo-pendo-key", px: "demo-px-key" };

export interface DemoConnectResult {
  system: "SALESFORCE" | "PENDO" | "PX";
  ok: boolean;
  message: string;
}

/** Connects all three integrations to the local emulators, as `npm run demo` does at start. */
export async function connectDemo(ctx: Context): Promise<DemoConnectResult[]> {
  if (!env.SALESFORCE_EMULATOR_URL || !env.PENDO_EMULATOR_URL || !env.PX_EMULATOR_URL) {
    throw new AppError("INVALID_INPUT", "Set SALESFORCE_EMULATOR_URL, PENDO_EMULATOR_URL and PX_EMULATOR_URL (see .env.example) and start npm run emulators.");
  }
  const attempt = async (system: DemoConnectResult["system"], run: () => Promise<string>): Promise<DemoConnectResult> => {
    try {
      return { system, ok: true, message: await run() };
    } catch (error) {
      return { system, ok: false, message: error instanceof Error ? error.message : String(error) };
    }
  };
  return Promise.all([
    attempt("SALESFORCE", async () => {
      const { authorizeUrl } = await startSalesforceConnect(ctx, { environment: "emulator" });
      const { orgName } = await finishSalesforceConnect(ctx, await approveDemoConsent(authorizeUrl));
      return `connected to ${orgName ?? "the emulator org"}`;
    }),
    attempt("PENDO", async () => {
      await connectApiKeyIntegration("PENDO", ctx, { region: "emulator", key: DEMO_KEYS.pendo });
      return "connected with the demo integration key";
    }),
    attempt("PX", async () => {
      await connectApiKeyIntegration("PX", ctx, { region: "emulator", key: DEMO_KEYS.px });
      return "connected with the demo API key";
    }),
  ]);
}
