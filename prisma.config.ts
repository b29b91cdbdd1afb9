import { defineConfig } from "prisma/config";
import { databaseUrl, migrationsDir, schemaPath, shadowDatabaseUrl } from "./scripts/db/config";

// The Prisma CLI's migrate commands need a downloaded schema-engine binary; offline we use
// `npm run db:migrate` / `db:migrate:create` (scripts/db/), which read the same paths from here.
export default defineConfig({
  schema: schemaPath,
  migrations: { path: migrationsDir },
  datasource: { url: databaseUrl(), shadowDatabaseUrl: shadowDatabaseUrl() },
});
