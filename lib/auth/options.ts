import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import type { Provider } from "next-auth/providers/index";
import { db } from "@/lib/db";
import { env, oidcEnabled, sessionSecret } from "@/lib/env";
import { logger } from "@/lib/logger";
import { SignInError, verifyCredentials } from "@/lib/auth/verify-credentials";
import { clientAddress, UNKNOWN_CLIENT } from "@/lib/auth/client-address";
import { safeCallbackPath } from "@/lib/auth/callback-url";
import { endSessionsOnSignOut, SessionEndedError, userForToken } from "@/lib/auth/session-version";

const credentials = CredentialsProvider({
  id: "credentials",
  name: "Email and password",
  credentials: { email: { type: "email" }, password: { type: "password" } },
  async authorize(input, req) {
    try {
      // next-auth hands over the request's headers only; the socket address is among them (see
      // lib/auth/peer-address.ts). Unknown → one shared throttling bucket, never the forwarded header.
      const ip = clientAddress(req?.headers) ?? UNKNOWN_CLIENT;
      return await verifyCredentials({ email: input?.email, password: input?.password, ip });
    } catch (e) {
      if (e instanceof SignInError) throw new Error(e.code);
      logger.error({ err: e }, "sign-in failed unexpectedly");
      throw new Error("Unavailable");
    }
  },
});

// Okta, Azure AD and other OpenID Connect providers, configured by env; off by default. Only
// people an admin has already added may sign in this way: the provider proves who they are,
// Clearinghouse decides what they may do.
const oidc: Provider | null = oidcEnabled
  ? {
      id: "oidc",
      name: env.OIDC_DISPLAY_NAME,
      type: "oauth",
      wellKnown: `${env.OIDC_ISSUER!.replace(/\/$/, "")}/.well-known/openid-configuration`,
      clientId: env.OIDC_CLIENT_ID,
      clientSecret: env.OIDC_CLIENT_SECRET,
      authorization: { params: { scope: "openid email profile" } },
      idToken: true,
      checks: ["pkce", "state"],
      profile(profile: { sub: string; email?: string; name?: string }) {
        return { id: profile.sub, email: profile.email ?? null, name: profile.name ?? null };
      },
    }
  : null;

export const authOptions: NextAuthOptions = {
  secret: sessionSecret,
  session: { strategy: "jwt", maxAge: Math.round(env.SESSION_MAX_AGE_HOURS * 3600), updateAge: 15 * 60 },
  pages: { signIn: "/signin", error: "/signin" },
  providers: oidc ? [credentials, oidc] : [credentials],
  callbacks: {
    // Only a path on this origin; anything else (//host, /\host, https://host) goes home.
    redirect({ url, baseUrl }) {
      return new URL(safeCallbackPath(url, baseUrl), baseUrl).href;
    },
    async signIn({ user, account }) {
      if (account?.provider !== "oidc") return true;
      const email = user.email?.toLowerCase();
      const known = email ? await db.user.findUnique({ where: { email } }) : null;
      if (!known) return "/signin?error=NotInvited";
      if (!known.active) return "/signin?error=Deactivated";
      await db.user.update({ where: { id: known.id }, data: { lastLoginAt: new Date() } });
      return true;
    },
    async jwt({ token, user, account }) {
      if (user && account) {
        // The token carries only the user id and session version; role and active state are read
        // from the database on every request, so a role change or a deactivation takes effect at once.
        // OIDC users are matched by email (the provider's id is not ours); credentials return our id.
        const email = user.email?.toLowerCase();
        const where = account.provider === "oidc" ? (email ? { email } : null) : { id: user.id };
        const found = where ? await db.user.findUnique({ where }) : null;
        if (!found) throw new SessionEndedError();
        return { ...token, uid: found.id, sv: found.sessionVersion };
      }
      // Every later read of the session (getServerSession for pages and routes, and next-auth's own
      // /api/auth/session) lands here: a stale token is treated as no session and its cookie cleared.
      if (!(await userForToken(token))) throw new SessionEndedError();
      return token;
    },
    session({ session, token }) {
      if (session.user && typeof token.uid === "string") session.user.id = token.uid;
      if (typeof token.sv === "number") session.sessionVersion = token.sv;
      return session;
    },
  },
  events: {
    async signOut({ token }) {
      await endSessionsOnSignOut(token);
    },
  },
  logger: {
    error: (code, metadata) => {
      if (metadata instanceof SessionEndedError) logger.debug({ code }, metadata.message);
      else logger.error({ code, metadata }, "next-auth error");
    },
    warn: (code) => logger.warn({ code }, "next-auth warning"),
    debug: () => undefined,
  },
};
