import { randomUUID } from "node:crypto";
import { z, ZodError } from "zod";
import { can, type Permission } from "@/lib/auth/permissions";
import { getCurrentUser, type CurrentUser } from "@/lib/auth/session";
import { AppError, isAppError, zodFields } from "@/lib/errors";
import { logger } from "@/lib/logger";

// Every route handler goes through `route()`: it reads the session, checks one named permission
// (failing closed), parses input with zod and turns errors into sentences. The permission is
// attached to the handler so a test can walk every route and assert the matrix.

export interface RouteContext<B, Q> {
  user: CurrentUser;
  body: B;
  query: Q;
  params: Record<string, string>;
  ip: string | null;
  request: Request;
}

interface RouteConfig<BS extends z.ZodType | undefined, QS extends z.ZodType | undefined> {
  permission: Permission;
  body?: BS;
  query?: QS;
}

type Infer<S> = S extends z.ZodType ? z.infer<S> : undefined;

export type GuardedHandler = ((
  request: Request,
  context: { params: Promise<Record<string, string>> },
) => Promise<Response>) & { permission: Permission };

export function errorResponse(error: AppError): Response {
  return Response.json(
    { error: { code: error.code, message: error.message, ...(error.fields ? { fields: error.fields } : {}) } },
    { status: error.status },
  );
}

function toAppError(error: unknown): AppError {
  if (isAppError(error)) return error;
  if (error instanceof ZodError) {
    const fields = zodFields(error);
    const first = Object.entries(fields)[0];
    const where = first && first[0] !== "_" ? `${first[0]}: ` : "";
    return new AppError("INVALID_INPUT", `Check the highlighted fields. ${where}${first?.[1] ?? ""}`.trim(), fields);
  }
  const reference = randomUUID().slice(0, 8);
  logger.error({ err: error, reference }, "unhandled error in route");
  return new AppError(
    "UNAVAILABLE",
    `Something went wrong on our side. Try again; if it keeps happening, check the server log for reference ${reference}.`,
  );
}

// JSON-only bodies plus a same-origin check block cross-site form posts riding on the session cookie.
function crossSite(request: Request): boolean {
  const origin = request.headers.get("origin");
  if (!origin) return false;
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  try {
    return new URL(origin).host !== host;
  } catch {
    return true;
  }
}

async function readBody(request: Request): Promise<unknown> {
  const text = await request.text();
  if (text.trim() === "") return {};
  if (!(request.headers.get("content-type") ?? "").includes("application/json")) {
    throw new AppError("INVALID_INPUT", "Send the request body as JSON (Content-Type: application/json).");
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("INVALID_INPUT", "The request body is not valid JSON.");
  }
}

export function route<BS extends z.ZodType | undefined = undefined, QS extends z.ZodType | undefined = undefined>(
  config: RouteConfig<BS, QS>,
  handler: (ctx: RouteContext<Infer<BS>, Infer<QS>>) => Promise<unknown>,
): GuardedHandler {
  const guarded = async (request: Request, context: { params: Promise<Record<string, string>> }) => {
    try {
      const user = await getCurrentUser();
      if (!user) throw new AppError("UNAUTHENTICATED", "Your session has ended. Sign in again.");
      if (!can(user.role, config.permission)) {
        throw new AppError("FORBIDDEN", "Your role does not allow this. Ask an admin if you need it.");
      }
      if (request.method !== "GET" && request.method !== "HEAD" && crossSite(request)) {
        throw new AppError("FORBIDDEN", "Cross-site requests are refused.");
      }
      const url = new URL(request.url);
      const body = config.body ? config.body.parse(await readBody(request)) : undefined;
      const query = config.query ? config.query.parse(Object.fromEntries(url.searchParams)) : undefined;
      const params = (await context?.params) ?? {};
      const ip = request.headers.get("x-forwarded-for")?.split(",")[0]?.trim() ?? null;
      const result = await handler({
        user,
        body: body as Infer<BS>,
        query: query as Infer<QS>,
        params,
        ip,
        request,
      });
      if (result instanceof Response) return result;
      return Response.json(result ?? { ok: true });
    } catch (error) {
      return errorResponse(toAppError(error));
    }
  };
  return Object.assign(guarded, { permission: config.permission });
}
