import type { Command } from "commander";
import type { CsmHistory, CsmUserRef } from "@/lib/accounts/csm/csm-history";

// `cli csm set ACCOUNT_ID USER_ID|--none [--by EMAIL] [--wait]`: set an account's CSM as the console
// does (history, audit, a push to Salesforce by the worker); `cli csm history ACCOUNT_ID`: every
// change, newest first, with "first assigned"; `cli csm field [--set NAME]`: the Salesforce field the
// CSM is pushed to. The command line runs with the server's trust: it sees every account.

type Print = (out: { json: boolean }, value: unknown, human: () => string) => void;

const who = (u: CsmUserRef | null) => (u ? `${u.name ?? u.email ?? u.id} (${u.id})` : "no CSM");

function historyText(h: CsmHistory): string {
  const lines = [`${h.accountName ?? "(no name)"} (${h.accountId})`];
  lines.push(h.firstAssigned ? `First assigned ${h.firstAssigned.at.toISOString()}: ${who(h.firstAssigned.user)}${h.firstAssigned.source === "salesforce" ? " (already set in Salesforce when Clearinghouse took over)" : ""}` : "Never had a CSM.");
  if (h.entries.length === 0) lines.push("No change recorded: the CSM has never been changed in Clearinghouse.");
  for (const e of h.entries) lines.push(`${e.at.toISOString()}  ${e.source.padEnd(10)} ${e.by}: ${who(e.from)} → ${who(e.to)}`);
  return lines.join("\n");
}

async function waitForPush(accountId: string, seconds: number): Promise<string> {
  const { db } = await import("@/lib/db");
  const end = Date.now() + seconds * 1000;
  for (;;) {
    const row = await db.accountCsm.findFirst({ where: { accountId }, orderBy: { setAt: "desc" } });
    if (row?.pushedAt) return `Salesforce has it (pushed at ${row.pushedAt.toISOString()}).`;
    if (row?.pushError && Date.now() > end) return `Not in Salesforce yet: ${row.pushError}`;
    if (Date.now() > end) return `Not pushed within ${seconds} s: is the worker running (npm run worker)?`;
    await new Promise((r) => setTimeout(r, 250));
  }
}

export function registerCsmCommands(program: Command, out: () => { json: boolean }, print: Print): void {
  const csm = program.command("csm").description("an account's CSM: set it (pushed to Salesforce by the worker), read its history, or the Salesforce field it goes to");

  csm
    .command("set")
    .description("set an account's CSM to a Salesforce user (or --none); the worker pushes it to Salesforce")
    .argument("<accountId>", "the Salesforce account id")
    .argument("[userId]", "the Salesforce user id of the new CSM")
    .option("--none", "leave the account without a CSM")
    .option("--by <email>", "who the history names as making the change", "command line")
    .option("--wait", "wait up to 30 s for the worker to push it and say whether Salesforce has it")
    .action(async (accountId: string, userId: string | undefined, o: { none?: boolean; by: string; wait?: boolean }) => {
      const { AppError } = await import("@/lib/errors");
      if (Boolean(userId) === Boolean(o.none)) throw new AppError("INVALID_INPUT", "Give either the Salesforce user id of the new CSM or --none.");
      const [{ setAccountCsm, setCsmRequestSchema }, { accountIdSchema }] = await Promise.all([import("@/lib/accounts/csm/set-account-csm"), import("@/lib/accounts/account-page-scope")]);
      const account = accountIdSchema.parse(accountId);
      const { sfUserId } = setCsmRequestSchema.parse({ sfUserId: o.none ? null : userId });
      const result = await setAccountCsm(account, sfUserId, { actor: null, source: "cli", by: o.by, ip: "cli" });
      const pushed = o.wait && result.pushQueued ? await waitForPush(result.accountId, 30) : null;
      print(out(), { ...result, ...(pushed ? { push: pushed } : {}) }, () => [result.message, pushed].filter(Boolean).join("\n"));
    });

  csm
    .command("history")
    .description("every change of an account's CSM, newest first, with when it was first assigned")
    .argument("<accountId>", "the Salesforce account id")
    .action(async (accountId: string) => {
      const [{ csmHistory }, { accountIdSchema }, { accountNotFound, OPERATOR }] = await Promise.all([
        import("@/lib/accounts/csm/csm-history"),
        import("@/lib/accounts/account-page-scope"),
        import("@/lib/auth/data-scope"),
      ]);
      const id = accountIdSchema.parse(accountId);
      const history = await csmHistory(id, OPERATOR);
      if (!history) throw accountNotFound(id);
      print(out(), history, () => historyText(history));
    });

  csm
    .command("field")
    .description("the Salesforce account field the CSM is pushed to (a lookup to User; CSM__c by default)")
    .option("--set <fieldName>", "push the CSM to this field from now on")
    .action(async (o: { set?: string }) => {
      const [{ salesforceIntegration }, { csmSettingsSchema, csmSettingsView, saveCsmSettings }, { AppError }] = await Promise.all([
        import("@/lib/hub/integrations"),
        import("@/lib/accounts/csm/csm-settings"),
        import("@/lib/errors"),
      ]);
      const sf = await salesforceIntegration();
      if (!sf) throw new AppError("CONFLICT", "Salesforce is not connected. Connect it first (npm run -s cli -- connect-demo for the emulators).");
      const view = o.set === undefined ? await csmSettingsView(sf.id) : await saveCsmSettings(sf.id, csmSettingsSchema.parse({ fieldName: o.set }), { actor: null, ip: "cli" });
      print(out(), view, () => [`The CSM goes to ${view.object}.${view.fieldName}.`, view.problem ? `Problem: ${view.problem}` : null, "message" in view ? view.message : null].filter(Boolean).join("\n"));
    });
}
