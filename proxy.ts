import { undecodablePathResponse } from "@/lib/http/input-guards";

// Next decodes each path segment while matching routes and answers a malformed percent-escape
// (`/api/integrations/%ZZ/test`) with a 500 before any of our code runs (vercel/next.js#92527).
// The proxy runs before that matching, so it answers with a 400 and a sentence instead.
export function proxy(request: Request): Response | undefined {
  return undecodablePathResponse(new URL(request.url).pathname) ?? undefined;
}

export const config = { matcher: ["/((?!_next/static|_next/image).*)"] };
