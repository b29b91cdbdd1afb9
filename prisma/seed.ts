import { env } from "@/lib/env";
import { db } from "@/lib/db";
import { ensureAdmin } from "@/lib/users/manage-users";

// First admin for a fresh installation. Idempotent: re-running changes nothing.
const { created } = await ensureAdmin(env.DEMO_ADMIN_EMAIL, env.DEMO_ADMIN_PASSWORD);
process.stdout.write(created ? `Seeded admin ${env.DEMO_ADMIN_EMAIL}\n` : `Admin ${env.DEMO_ADMIN_EMAIL} already exists\n`);
await db.$disconnect();
