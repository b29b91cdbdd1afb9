import pino from "pino";
import { env } from "@/lib/env";

// Secrets never reach logs: these paths are redacted wherever they appear.
export const logger = pino({
  level: env.NODE_ENV === "test" ? "silent" : env.LOG_LEVEL,
  redact: {
    paths: ["password", "*.password", "passwordHash", "*.passwordHash", "token", "*.token", "secret", "*.secret"],
    censor: "[redacted]",
  },
  base: undefined,
});
