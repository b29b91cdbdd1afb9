import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record-audit";
import type { GroupContext } from "@/lib/sharing-groups/save-sharing-group";

/** Removes a user from a group; from their next request they no longer see its accounts. Idempotent. */
export async function removeGroupMember(groupId: string, userId: string, ctx: GroupContext): Promise<{ removed: boolean; message: string }> {
  return db.$transaction(async (tx) => {
    const [group, user] = await Promise.all([
      tx.sharingGroup.findUnique({ where: { id: groupId }, select: { name: true } }),
      tx.user.findUnique({ where: { id: userId }, select: { email: true } }),
    ]);
    if (!group) throw new AppError("NOT_FOUND", "There is no such sharing group: it may have been deleted. Reload the page.");
    if (!user) throw new AppError("INVALID_INPUT", "There is no such user. Reload the page.", { userId: "Not a user" });
    const deleted = await tx.sharingGroupMember.deleteMany({ where: { groupId, userId } });
    if (deleted.count === 0) return { removed: false, message: `${user.email} is not a member of ${group.name}.` };
    await recordAudit(tx, { actor: ctx.actor, action: "sharingGroup.removeMember", targetType: "SharingGroup", targetId: groupId, before: { group: group.name, member: user.email }, ip: ctx.ip });
    return { removed: true, message: `${user.email} no longer sees the accounts of ${group.name} (unless another of their groups covers them).` };
  });
}
