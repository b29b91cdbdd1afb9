import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/options";
import { guardSignInEndpoint } from "@/lib/http/input-guards";

// next-auth's own endpoints (sign-in, callback, session, sign-out); they are not permission-guarded.
// The guard answers requests no sign-in page sends (a GET on the credentials callback, a
// callbackUrl that is not a URL, a NUL, a body over 1 MB) with a 400/413 and a sentence, where
// next-auth itself answers 500.
const handler = guardSignInEndpoint(NextAuth(authOptions), {
  credentialsProviderIds: authOptions.providers.filter((p) => p.type === "credentials").map((p) => p.id),
  callbackUrlCookies: [authOptions.cookies?.callbackUrl?.name ?? "next-auth.callback-url", "__Secure-next-auth.callback-url"],
});
export { handler as GET, handler as POST };
