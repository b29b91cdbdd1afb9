// Every vendor failure becomes one VendorError: the vendor's code and words kept for logs, whether a
// retry can help, and (through describeVendorError) a sentence a person can act on.
export type VendorSystem = "salesforce" | "pendo" | "px";

const SYSTEM_NAMES: Record<VendorSystem, string> = { salesforce: "Salesforce", pendo: "Pendo", px: "Gainsight PX" };

const RETRYABLE_CODES = new Set([
  "SERVER_UNAVAILABLE",
  "UNABLE_TO_LOCK_ROW",
  "REQUEST_RUNNING_TOO_LONG",
  "ECONNRESET",
  "ECONNREFUSED",
  "ETIMEDOUT",
  "EAI_AGAIN",
  "UND_ERR_SOCKET",
  "TIMEOUT",
  "429",
  "500",
  "502",
  "503",
  "504",
]);

export class VendorError extends Error {
  readonly system: VendorSystem;
  readonly code: string;
  readonly retryable: boolean;
  readonly status?: number;
  readonly vendorMessage: string;
  readonly retryAfterMs?: number;

  constructor(init: { system: VendorSystem; code: string; vendorMessage: string; status?: number; retryable?: boolean; retryAfterMs?: number }) {
    super(`${SYSTEM_NAMES[init.system]} ${init.code}: ${init.vendorMessage}`);
    this.name = "VendorError";
    this.system = init.system;
    this.code = init.code;
    this.status = init.status;
    this.vendorMessage = init.vendorMessage;
    this.retryAfterMs = init.retryAfterMs;
    this.retryable = init.retryable ?? RETRYABLE_CODES.has(init.code);
  }
}

/** Network-level failures (refused, reset, DNS, timeout) from fetch or jsforce. */
export function networkError(system: VendorSystem, error: unknown, where: string): VendorError {
  const cause = (error as { cause?: { code?: string } })?.cause;
  const code = cause?.code ?? (error as { code?: string })?.code ?? ((error as Error)?.name === "TimeoutError" ? "TIMEOUT" : "NETWORK");
  return new VendorError({ system, code, vendorMessage: `could not reach ${where}`, retryable: true });
}

export function describeVendorError(error: VendorError): string {
  const name = SYSTEM_NAMES[error.system];
  switch (error.code) {
    case "invalid_grant":
      return `${name} no longer accepts Clearinghouse's refresh token (revoked, expired or the user changed). Reconnect ${name} on the Integrations page.`;
    case "invalid_client":
    case "invalid_client_id":
      return `${name} did not recognise the connected app. Check SALESFORCE_CLIENT_ID and SALESFORCE_CLIENT_SECRET.`;
    case "redirect_uri_mismatch":
      return `${name} refused the callback URL. Add <NEXTAUTH_URL>/api/integrations/salesforce/callback to the connected app's callback URLs.`;
    case "API_DISABLED_FOR_ORG":
    case "API_CURRENTLY_DISABLED":
      return "Salesforce refused API access for this user. The integration needs Enterprise, Unlimited or Developer edition (or Professional with API access added), and the user's profile needs the API Enabled permission (Setup › Profiles › System Permissions).";
    case "REQUEST_LIMIT_EXCEEDED":
      return "Salesforce's API allowance for this org is spent. Syncs resume when it resets; raise the allowance or lower other integrations' use.";
    case "INSUFFICIENT_ACCESS":
    case "INSUFFICIENT_ACCESS_OR_READONLY":
      return "The connected Salesforce user lacks access to this object or field. Grant it in the user's profile or permission set.";
  }
  if (error.status === 401) {
    return error.system === "pendo"
      ? "Pendo rejected the integration key. Check it in Pendo › Settings › Integrations › Integration keys."
      : error.system === "px"
        ? "Gainsight PX rejected the API key. Check it in Gainsight PX › Administration › REST API."
        : "Salesforce rejected the session. Test the connection again; if it persists, reconnect Salesforce.";
  }
  if (error.status === 403) return `${name} refused the request: ${error.vendorMessage}. Check the key's or user's permissions.`;
  if (error.status === 429) return `${name} is rate-limiting Clearinghouse. It will retry automatically; nothing to do.`;
  if (error.retryable) return `${name} could not be reached or is unavailable (${error.code}). Check the URL and your network; Clearinghouse retries automatically.`;
  return `${name} answered: ${error.vendorMessage}`;
}
