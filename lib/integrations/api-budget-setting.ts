import { z } from "zod";

// The API budget an admin sets on the Salesforce card; lib/sync/api-budget.ts spends it. Kept out
// of pull-settings.ts (which reads the database) so the card's dialog checks with the same schema.

const percent = z.number({ error: "Give a whole percentage." }).int("Give a whole percentage.").min(1, "Give at least 1%.").max(100, "Give at most 100%.");

export const apiBudgetSchema = z
  .object({ runPercent: percent, dailyPercent: percent })
  .refine((b) => b.runPercent <= b.dailyPercent, { error: "A run cannot use a larger share than all runs of a day together: lower the run's share or raise the daily one." });
export type ApiBudgetSetting = z.infer<typeof apiBudgetSchema>;

/** The defaults leave the org's other integrations at least half of the allowance. */
export const DEFAULT_API_BUDGET: ApiBudgetSetting = { runPercent: 20, dailyPercent: 50 };

/** Requests a share of the daily allowance comes to, rounded down as a run counts them. */
export const requestsOfShare = (max: number, percent: number): number => Math.floor((max * percent) / 100);

/** "20% of the daily allowance per run · 50% per 24 hours" */
export function apiBudgetText(b: ApiBudgetSetting): string {
  return `${b.runPercent}% of the daily allowance per run · ${b.dailyPercent}% per 24 hours`;
}

/** "3,000 per run · 7,500 per 24 hours" for an allowance of 15,000 requests. */
export function apiBudgetRequestsText(b: ApiBudgetSetting, max: number): string {
  const f = (n: number) => n.toLocaleString("en-US");
  return `${f(requestsOfShare(max, b.runPercent))} per run · ${f(requestsOfShare(max, b.dailyPercent))} per 24 hours`;
}
