import { VendorError } from "@/lib/connectors/errors";
import type { SalesforceConnector } from "@/lib/connectors/salesforce/connection";
import { db } from "@/lib/db";
import type { Integration } from "@/lib/generated/prisma/client";
import { requestsOfShare } from "@/lib/integrations/api-budget-setting";
import { parseSalesforcePullSettings } from "@/lib/integrations/pull-settings";

// The API budget admins set on the Salesforce card: a run may use at most runPercent of the org's
// daily allowance, and all of Clearinghouse's runs of the last 24 hours (Salesforce's window is
// rolling) at most dailyPercent. A run stops cleanly at its budget and says which limit it met.

/** Counts a run's Salesforce requests and refuses the one past its limit. */
export class ApiBudget {
  private used = 0;

  constructor(
    readonly limit: number,
    private readonly sentence: string,
  ) {}

  spend(): void {
    if (this.used >= this.limit) throw new VendorError({ system: "salesforce", code: "API_BUDGET_SPENT", vendorMessage: this.sentence, kind: "quota" });
    this.used++;
  }

  get spent(): number {
    return this.used;
  }
}

const f = (n: number) => n.toLocaleString("en-US");

/** Salesforce requests Clearinghouse's runs made in the last 24 hours (Salesforce steps and pushes into it). */
async function usedByClearinghouse(salesforceId: string): Promise<number> {
  const [row] = await db.$queryRaw<{ used: bigint | null }[]>`
    SELECT SUM(value::bigint) AS used FROM "SyncStep" s, jsonb_each_text(s."apiCalls")
     WHERE s."startedAt" > now() - interval '24 hours'
       AND (s."integrationId" = ${salesforceId} OR s."name" = 'push.salesforce')`;
  return Number(row?.used ?? 0);
}

/**
 * The budget of one run that talks to Salesforce, from the org's allowance (one /limits call) and
 * what Clearinghouse used of it in the last 24 hours.
 */
export async function runApiBudget(salesforce: Integration, sf: SalesforceConnector): Promise<ApiBudget> {
  const { runPercent, dailyPercent } = parseSalesforcePullSettings(salesforce.pullSettings).apiBudget;
  const { max, remaining } = (await sf.limits()).dailyApiRequests;
  const perRun = requestsOfShare(max, runPercent);
  const daily = requestsOfShare(max, dailyPercent);
  const dailyLeft = Math.max(0, daily - (await usedByClearinghouse(salesforce.id)));
  const where = "Raise the shares under API budget on the Salesforce card, or let the next run continue from here.";
  if (remaining <= dailyLeft && remaining <= perRun) {
    return new ApiBudget(remaining, `Stopped: the org has ${f(remaining)} of its ${f(max)} daily API requests left and this run used them. Syncs continue as Salesforce's 24-hour window frees requests.`);
  }
  if (dailyLeft < perRun) {
    return new ApiBudget(dailyLeft, `Stopped at the API budget: Clearinghouse may use ${dailyPercent}% of the org's ${f(max)} daily requests (${f(daily)}) over 24 hours, and that is used up. ${where}`);
  }
  return new ApiBudget(perRun, `Stopped at the API budget: one run may use ${runPercent}% of the org's ${f(max)} daily requests (${f(perRun)}). ${where}`);
}
