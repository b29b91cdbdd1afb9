import type { NextConfig } from "next";

const config: NextConfig = {
  // forbidden() renders app/forbidden.tsx with a real 403 status.
  experimental: { authInterrupts: true },
  // Server-only packages Turbopack should load from node_modules rather than bundle.
  serverExternalPackages: ["pino", "bullmq", "ioredis", "jsforce", "@prisma/adapter-pg", "pg", "rate-limiter-flexible"],
  poweredByHeader: false,
  typedRoutes: false,
};

export default config;
