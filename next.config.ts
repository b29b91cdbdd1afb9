import type { NextConfig } from "next";

const config: NextConfig = {
  // forbidden() renders app/forbidden.tsx with a real 403 status.
  experimental: { authInterrupts: true },
  // Server-only packages Turbopack should load from node_modules rather than bundle.
  serverExternalPackages: ["pino", "bullmq", "ioredis", "jsforce", "@prisma/adapter-pg", "pg", "rate-limiter-flexible"],
  poweredByHeader: false,
  // `npm test` type-checks the whole repository with tsc; the build need not do it a second time
  // (and a user's `npm run demo` should not fail on a type error in a test or an emulator).
  typescript: { ignoreBuildErrors: true },
  typedRoutes: false,
};

export default config;
