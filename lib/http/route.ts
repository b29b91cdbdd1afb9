import { randomUUID } from "node:crypto";
import { z, ZodError } from "zod";
import { can, type Permission } from "@/lib/auth/permissions";
import { getCurrentUser, type CurrentUser } from "@/lib/auth/session";
import { clientAddress } from "@/lib/auth/client-address";
import { AppError, errorResponse, isAppError, zodFields } from "@/lib/errors";
import { queryObject, readBodyText, refuseOversizeBody, refuseUnstorableText, routeParams } from "@/lib/http/input-guards";
import { logger } from "@/lib/logger";

// Every route handler goes through `route()`: it reads the session, checks one named permission
// (failing closed), parses input with zod and turns errors into sentences. The permission is
// attached to the handler so a test can walk every route and assert the matrix.

type Params = Record<string, string>;

export interface RouteContext<B, Q, P extends Params = Params> {
  user: CurrentUser;
  body: B;
  query: Q;
  params: P;
  ip: string | null;
  request: Request;
}

interface RouteConfig<BS extends z.ZodType | undefined, QS extends z.ZodType | undefined, PS extends z.ZodType<Params> | undefined> {
  permission: Permission;
  body?: BS;
  query?: QS;
  /** Only the password endpoint: reachable by a user who must still replace a one-time password. */
  allowWhilePasswordMustChange?: boolean;
  /** Path params beyond the shared guard (no NUL, at most 200 characters); an invalid one is a 404. */
  params?: PS;
}

type Infer<S> = S extends z.ZodType ? z.infer<S> : undefined;
type InferParams<S> = S extends z.ZodType<Params> ? z.infer<S> : Params;

/** Next's path params: a catch-all segment arrives as an array (routeParams joins it). */
type NextParams = Record<string, string | string[]>;

export type GuardedHandler = ((
  request: Request,
  context: { params: Promise<NextParams> },
) => Promise<Response>) & {
  permission: Permission;
  /** Which inputs the handler parses, so the hostile-input walk knows where a refusal is owed. */
  accepts: { body: boolean; query: boolean };
};

// Re-exported: the error answer lives in lib/errors.ts so guards outside route() (sign-in) give the same one.
export { errorResponse };

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

// Bodies are capped (413 past 1 MB, counted while reading) and refused when they hold text
// PostgreSQL cannot store, before any schema or query sees them.
async function readBody(request: Request): Promise<unknown> {
  const text = await readBodyText(request);
  if (text.trim() === "") return {};
  if (!(request.headers.get("content-type") ?? "").includes("application/json")) {
    throw new AppError("INVALID_INPUT", "Send the request body as JSON (Content-Type: application/json).");
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new AppError("INVALID_INPUT", "The request body is not valid JSON.");
  }
  refuseUnstorableText(parsed);
  return parsed;
}

function parseParams(raw: unknown, schema: z.ZodType<Params> | undefined): Params {
  const params = routeParams(raw);
  if (!schema) return params;
  const parsed = schema.safeParse(params);
  if (!parsed.success) throw new AppError("NOT_FOUND", "Nothing exists at this address. Check the link.");
  return parsed.data;
}

export function route<
  BS extends z.ZodType | undefined = undefined,
  QS extends z.ZodType | undefined = undefined,
  PS extends z.ZodType<Params> | undefined = undefined,
>(config: RouteConfig<BS, QS, PS>, handler: (ctx: RouteContext<Infer<BS>, Infer<QS>, InferParams<PS>>) => Promise<unknown>): GuardedHandler {
  const guarded = async (request: Request, context: { params: Promise<NextParams> }) => {
    try {
      const user = await getCurrentUser();
      if (!user) throw new AppError("UNAUTHENTICATED", "Your session has ended. Sign in again.");
      if (user.mustChangePassword && !config.allowWhilePasswordMustChange) {
        throw new AppError("FORBIDDEN", "Set your own password first: you signed in with a one-time password. Open /account/password.");
      }
      if (!can(user.role, config.permission)) {
        throw new AppError("FORBIDDEN", "Your role does not allow this. Ask an admin if you need it.");
      }
      if (request.method !== "GET" && request.method !== "HEAD" && crossSite(request)) {
        throw new AppError("FORBIDDEN", "Cross-site requests are refused.");
      }
      const url = new URL(request.url);
      refuseOversizeBody(request);
      const params = parseParams(await context?.params, config.params);
      const body = config.body ? config.body.parse(await readBody(request)) : undefined;
      const query = config.query ? config.query.parse(queryObject(url)) : undefined;
      // The socket's address; X-Forwarded-For only through TRUSTED_PROXIES (lib/auth/client-address.ts).
      const ip = clientAddress(request.headers);
      const result = await handler({
        user,
        body: body as Infer<BS>,
        query: query as Infer<QS>,
        params: params as InferParams<PS>,
        ip,
        request,
      });
      if (result instanceof Response) return result;
      return Response.json(result ?? { ok: true });
    } catch (error) {
      return errorResponse(toAppError(error));
    }
  };
  return Object.assign(guarded, { permission: config.permission, accepts: { body: Boolean(config.body), query: Boolean(config.query) } });
}
