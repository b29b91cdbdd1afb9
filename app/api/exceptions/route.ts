import { route } from "@/lib/http/route";
import { exceptionFilterSchema, listExceptions, listRetiredAccounts } from "@/lib/matching/list-matches";

export const GET = route({ permission: "exceptions.read", query: exceptionFilterSchema }, async ({ query, user }) => ({
  ...(await listExceptions(query, user)),
  retired: await listRetiredAccounts(user),
}));
