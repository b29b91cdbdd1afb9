// The steps of one Synchronize run, in seed 002's order: pull what changed (Salesforce first, then
// the tools), match, bring each tool's usage and KPIs up to date, then push both ways (each tool's numbers
// into Salesforce, then Salesforce's fields back to the tool). Account health is scored once after
// every tool's KPIs (it reads them all) and before the pushes (which send the score). Planned up
// front, so the run page and the card can show "step 3 of 9".

export type SyncStepName = "pull" | "match" | "usage" | "kpis" | "health" | "push.salesforce" | "push.pendo" | "push.px";

export interface SyncStepSpec {
  name: SyncStepName;
  /** The integration the step reads or writes for: Salesforce for its pull, else the tool. */
  integrationId: string;
}

export interface SyncTool {
  id: string;
  system: "PENDO" | "PX";
}

/**
 * `tools` are every connected tool (a Salesforce pull that changed something re-matches each of
 * them, so their links never lag behind Salesforce); `scope` are the tools this run pulls and pushes.
 */
export function planSync(salesforceId: string, tools: readonly SyncTool[], scope: readonly SyncTool[]): SyncStepSpec[] {
  return [
    { name: "pull", integrationId: salesforceId },
    ...scope.map((t) => ({ name: "pull" as const, integrationId: t.id })),
    ...tools.map((t) => ({ name: "match" as const, integrationId: t.id })),
    ...scope.flatMap((t) => [
      { name: "usage" as const, integrationId: t.id },
      { name: "kpis" as const, integrationId: t.id },
    ]),
    { name: "health", integrationId: salesforceId },
    ...scope.flatMap((t) => [
      { name: "push.salesforce" as const, integrationId: t.id },
      { name: (t.system === "PENDO" ? "push.pendo" : "push.px") as SyncStepName, integrationId: t.id },
    ]),
  ];
}
