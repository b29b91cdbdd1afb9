import { route } from "@/lib/http/route";
import { createUser, listUsers } from "@/lib/users/manage-users";
import { createUserSchema } from "@/lib/users/schemas";

export const GET = route({ permission: "users.read" }, async () => ({ users: await listUsers() }));

export const POST = route({ permission: "users.manage", body: createUserSchema }, async ({ body, user, ip }) => {
  const result = await createUser(body, { actor: user, ip });
  return Response.json(result, { status: 201 });
});
