import type { Command } from "commander";
import type { SharingGroupView } from "@/lib/sharing-groups/sharing-group-view";

// `cli sharing-groups [--json]`: every sharing group with its rule, how many accounts it protects
// and its members; `cli sharing-groups create NAME --field F --value V` (the demo's Public sector);
// `cli sharing-groups add-member GROUP EMAIL` / `remove-member GROUP EMAIL`:
// change a group's members as Settings › Sharing groups does, audited (actor: the command line).
// GROUP is the group's name (any case) or id. Imports are lazy, as in scripts/cli.ts.

type Print = (out: { json: boolean }, value: unknown, human: () => string) => void;

function groupText(g: SharingGroupView): string {
  const members = g.members.length ? g.members.map((m) => `  ${m.email} (${m.role.toLowerCase()}${m.active ? "" : ", deactivated"})`).join("\n") : "  no member: nobody sees its accounts";
  return `${g.name}: ${g.fieldName} = ${g.fieldValue}, ${g.protectedAccounts} account(s) protected${g.description ? ` — ${g.description}` : ""}\n${members}`;
}

async function resolve(group: string, email: string): Promise<{ groupId: string; userId: string }> {
  const [{ db }, { AppError }] = await Promise.all([import("@/lib/db"), import("@/lib/errors")]);
  const found = await db.sharingGroup.findFirst({ where: { OR: [{ id: group }, { name: { equals: group.trim(), mode: "insensitive" } }] }, select: { id: true } });
  if (!found) throw new AppError("NOT_FOUND", `There is no sharing group ${group}. List them with: npm run -s cli -- sharing-groups`);
  const user = await db.user.findFirst({ where: { email: { equals: email.trim(), mode: "insensitive" } }, select: { id: true } });
  if (!user) throw new AppError("NOT_FOUND", `There is no user with the email ${email}. List them with: npm run -s cli -- users list`);
  return { groupId: found.id, userId: user.id };
}

export function registerSharingCommands(program: Command, out: () => { json: boolean }, print: Print): void {
  const sharing = program.command("sharing-groups").description("sharing groups: which accounts only their members see (list, add-member, remove-member)");

  sharing
    .command("list", { isDefault: true })
    .description("every sharing group with its rule, protected accounts and members")
    .action(async () => {
      const { listSharingGroups } = await import("@/lib/sharing-groups/list-sharing-groups");
      const groups = await listSharingGroups();
      print(out(), groups, () => (groups.length ? groups.map(groupText).join("\n") : "No sharing group: every account is visible to everyone who can read accounts."));
    });

  sharing
    .command("create")
    .description("create a group (audited); a group of that name with the same rule already there is left as it is")
    .argument("<name>", "the group's name, e.g. \"Public sector\"")
    .requiredOption("--field <apiName>", "the Salesforce account field, e.g. Public_Sector__c")
    .requiredOption("--value <text>", "the value that marks a protected account, compared as text, e.g. true")
    .option("--description <text>", "what the group is for")
    .action(async (name: string, o: { field: string; value: string; description?: string }) => {
      const [{ db }, { AppError }, { saveSharingGroup }, { sharingGroupInputSchema }] = await Promise.all([
        import("@/lib/db"),
        import("@/lib/errors"),
        import("@/lib/sharing-groups/save-sharing-group"),
        import("@/lib/sharing-groups/schemas"),
      ]);
      const input = sharingGroupInputSchema.parse({ name, description: o.description, fieldName: o.field, fieldValue: o.value });
      const existing = await db.sharingGroup.findUnique({ where: { name: input.name } });
      if (existing && (existing.fieldName !== input.fieldName || existing.fieldValue !== input.fieldValue)) {
        throw new AppError("CONFLICT", `A sharing group named ${input.name} already exists with another rule (${existing.fieldName} = ${existing.fieldValue}). Change it on Settings › Sharing groups.`);
      }
      const result = existing ? { id: existing.id, message: `Sharing group ${existing.name} already exists; nothing changed.` } : await saveSharingGroup(null, input, { actor: null, ip: "cli" });
      print(out(), result, () => result.message);
    });

  sharing
    .command("add-member")
    .description("add a user to a group: they see the accounts it protects from their next request")
    .argument("<group>", "the group's name or id")
    .argument("<email>", "the user's email")
    .action(async (group: string, email: string) => {
      const { addGroupMember } = await import("@/lib/sharing-groups/add-group-member");
      const { groupId, userId } = await resolve(group, email);
      const result = await addGroupMember(groupId, userId, { actor: null, ip: "cli" });
      print(out(), result, () => result.message);
    });

  sharing
    .command("remove-member")
    .description("remove a user from a group: from their next request they no longer see its accounts")
    .argument("<group>", "the group's name or id")
    .argument("<email>", "the user's email")
    .action(async (group: string, email: string) => {
      const { removeGroupMember } = await import("@/lib/sharing-groups/remove-group-member");
      const { groupId, userId } = await resolve(group, email);
      const result = await removeGroupMember(groupId, userId, { actor: null, ip: "cli" });
      print(out(), result, () => result.message);
    });
}
