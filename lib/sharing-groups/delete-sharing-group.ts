import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record-audit";
import type { GroupContext } from "@/lib/sharing-groups/save-sharing-group";
import { groupAuditShape } from "@/lib/sharing-groups/sharing-group-view";

/** Deletes a group and its memberships: the accounts it protected are visible to everyone from the next request. */
export async function deleteSharingGroup(id: string, ctx: GroupContext): Promise<{ message: string }> {
  return db.$transaction(async (tx) => {
    const group = await tx.sharingGroup.findUnique({ where: { id }, include: { members: { include: { user: { select: { email: true } } } } } });
    if (!group) throw new AppError("NOT_FOUND", "There is no such sharing group: it may have been deleted already. Reload the page.");
    await tx.sharingGroup.delete({ where: { id } });
    await recordAudit(tx, {
      actor: ctx.actor,
      action: "sharingGroup.delete",
      targetType: "SharingGroup",
      targetId: id,
      before: { ...groupAuditShape(group), members: group.members.map((m) => m.user.email).sort() },
      ip: ctx.ip,
    });
    return { message: `Sharing group ${group.name} deleted: the accounts it protected are visible to everyone who can read accounts.` };
  });
}
