import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { recordAudit, type Actor } from "@/lib/audit/record-audit";
import { accountFieldChoices } from "@/lib/sharing-groups/account-fields";
import { sharingGroupInputSchema, type SharingGroupInput } from "@/lib/sharing-groups/schemas";
import { groupAuditShape } from "@/lib/sharing-groups/sharing-group-view";

// Creates a sharing group, or changes one (id given). A changed rule applies to every reader at
// their next request; the group and its audit entry commit together.

export interface GroupContext {
  actor: Actor | null;
  ip?: string | null;
}

async function checkField(fieldName: string): Promise<void> {
  const choices = await accountFieldChoices();
  if (!choices) return;
  if (choices.fields.some((f) => f.name === fieldName)) return;
  const near = choices.fields.find((f) => f.name.toLowerCase() === fieldName.toLowerCase());
  throw new AppError(
    "INVALID_INPUT",
    near
      ? `Salesforce ${choices.object} has no field ${fieldName}; did you mean ${near.name}? API names are case-sensitive.`
      : `Salesforce ${choices.object} has no field ${fieldName}. Pick one from the list; a field added in Salesforce appears after "Refresh fields" on the Salesforce card.`,
    { fieldName: near ? `Did you mean ${near.name}?` : "Not a field of the account object." },
  );
}

function conflict(e: unknown, name: string): never {
  if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") {
    throw new AppError("CONFLICT", `A sharing group named ${name} already exists. Pick another name, or edit that group.`, { name: "This name is in use" });
  }
  throw e;
}

export async function saveSharingGroup(id: string | null, input: SharingGroupInput, ctx: GroupContext): Promise<{ id: string; message: string }> {
  const data = sharingGroupInputSchema.parse(input);
  await checkField(data.fieldName);
  const pulled = "Accounts are matched against the field as the last Salesforce pull stored it; a field new to the pull is read from the next pull on.";
  try {
    return await db.$transaction(async (tx) => {
      if (id === null) {
        const created = await tx.sharingGroup.create({ data });
        await recordAudit(tx, { actor: ctx.actor, action: "sharingGroup.create", targetType: "SharingGroup", targetId: created.id, after: groupAuditShape(created), ip: ctx.ip });
        return { id: created.id, message: `Sharing group ${created.name} created: nobody sees its accounts until you add members. ${pulled}` };
      }
      const before = await tx.sharingGroup.findUnique({ where: { id } });
      if (!before) throw new AppError("NOT_FOUND", "There is no such sharing group: it may have been deleted. Reload the page.");
      const after = await tx.sharingGroup.update({ where: { id }, data });
      await recordAudit(tx, { actor: ctx.actor, action: "sharingGroup.update", targetType: "SharingGroup", targetId: id, before: groupAuditShape(before), after: groupAuditShape(after), ip: ctx.ip });
      return { id, message: `Sharing group ${after.name} saved. ${pulled}` };
    });
  } catch (e) {
    if (e instanceof AppError) throw e;
    return conflict(e, data.name);
  }
}
