import { route } from "@/lib/http/route";
import { listSharingGroups } from "@/lib/sharing-groups/list-sharing-groups";
import { saveSharingGroup } from "@/lib/sharing-groups/save-sharing-group";
import { sharingGroupInputSchema } from "@/lib/sharing-groups/schemas";

export const GET = route({ permission: "sharing.manage" }, async () => ({ groups: await listSharingGroups() }));

export const POST = route({ permission: "sharing.manage", body: sharingGroupInputSchema }, async ({ body, user, ip }) =>
  Response.json(await saveSharingGroup(null, body, { actor: user, ip }), { status: 201 }),
);
