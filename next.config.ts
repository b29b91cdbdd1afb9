import type { NextConfig } from "next";

const config: NextConfig = {
  // forbidden() renders app/forbidden.tsx with a real 403 status.
  experimental: { authInterrupts: true },
  // Server-only packages Turbopack should load from node_modules rather than bundle.
  // bull-board finds its UI with eval(require.resolve(...)) and reads it from disk: it must stay in node_modules.
  serverExternalPackages: [
    "pino",
    "bullmq",
    "ioredis",
    "jsforce",
    "@prisma/adapter-pg",
    "pg",
    "rate-limiter-flexible",
    "@bull-board/api",
    "@bull-board/ui",
    "@bull-board/hono",
  ],
  // The file tracer cannot follow that eval, so the queue dashboard's page and assets are listed by hand.
  outputFileTracingIncludes: { "/api/queues/**": ["./node_modules/@bull-board/ui/dist/**/*"] },
  poweredByHeader: false,
  // `npm test` type-checks the whole repository with tsc; the build need not do it a second time
  // (and a user's `npm run demo` should not fail on a type error in a test or an emulator).
  typescript: { ignoreBuildErrors: true },
  typedRoutes: false,
};

export default config;
