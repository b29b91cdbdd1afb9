import { route } from "@/lib/http/route";
import { deleteSharingGroup } from "@/lib/sharing-groups/delete-sharing-group";
import { saveSharingGroup } from "@/lib/sharing-groups/save-sharing-group";
import { groupParamsSchema, sharingGroupInputSchema } from "@/lib/sharing-groups/schemas";

export const PUT = route({ permission: "sharing.manage", params: groupParamsSchema, body: sharingGroupInputSchema }, async ({ params, body, user, ip }) =>
  saveSharingGroup(params.id, body, { actor: user, ip }),
);

export const DELETE = route({ permission: "sharing.manage", params: groupParamsSchema }, async ({ params, user, ip }) => deleteSharingGroup(params.id, { actor: user, ip }));
