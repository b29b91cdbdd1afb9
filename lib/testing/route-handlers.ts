import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import type { GuardedHandler } from "@/lib/http/route";

// Every guarded route handler under app/api, found on disk, so the permission matrix, the route
// guards and the hostile-input walk all cover the same list and a new route cannot be missed.

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
/** next-auth's own endpoints sign people in; they are public by nature and tested on their own. */
export const PUBLIC_ROUTES = new Set(["/api/auth/[...nextauth]"]);

export interface RouteHandler {
  key: string;
  method: (typeof METHODS)[number];
  path: string;
  handler: GuardedHandler;
}

function routeFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return routeFiles(full);
    return name === "route.ts" ? [full] : [];
  });
}

export async function loadRouteHandlers(apiDir: string): Promise<RouteHandler[]> {
  const routes: RouteHandler[] = [];
  for (const file of routeFiles(apiDir)) {
    const routePath = `/api/${path.relative(apiDir, path.dirname(file)).split(path.sep).join("/")}`;
    if (PUBLIC_ROUTES.has(routePath)) continue;
    const mod = (await import(file)) as Record<string, unknown>;
    for (const method of METHODS) {
      const handler = mod[method];
      if (typeof handler === "function") routes.push({ key: `${method} ${routePath}`, method, path: routePath, handler: handler as GuardedHandler });
    }
  }
  return routes;
}
