-- CreateEnum
CREATE TYPE "AlertLevel" AS ENUM ('WARNING', 'CRITICAL');

-- CreateEnum
CREATE TYPE "AlertState" AS ENUM ('OK', 'WARNING', 'CRITICAL');

-- CreateEnum
CREATE TYPE "AlertDelivery" AS ENUM ('PENDING', 'SENT', 'FAILED', 'OFF');

-- AlterTable: the level was free text ("critical"), kept and spelt as the enum (edited by hand:
-- the generated SQL dropped the column).
ALTER TABLE "Alert" ADD COLUMN     "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;
ALTER TABLE "Alert" ALTER COLUMN "level" TYPE "AlertLevel"
  USING (CASE WHEN upper("level") = 'WARNING' THEN 'WARNING' ELSE 'CRITICAL' END)::"AlertLevel";

-- At most one open alert per (integration, code): two runs closing together cannot both raise it.
-- Older duplicates an unlocked raise may have left are resolved first (not modelled in Prisma).
UPDATE "Alert" a SET "resolvedAt" = CURRENT_TIMESTAMP
 WHERE a."resolvedAt" IS NULL
   AND EXISTS (SELECT 1 FROM "Alert" b WHERE b."resolvedAt" IS NULL AND b."integrationId" = a."integrationId" AND b."code" = a."code"
                AND (b."createdAt", b."id") > (a."createdAt", a."id"));
CREATE UNIQUE INDEX "Alert_one_open" ON "Alert" ("integrationId", "code") WHERE "resolvedAt" IS NULL;

-- CreateTable
CREATE TABLE "AlertNotification" (
    "id" TEXT NOT NULL,
    "alertId" TEXT NOT NULL,
    "integrationId" TEXT,
    "code" TEXT NOT NULL,
    "fromState" "AlertState" NOT NULL,
    "toState" "AlertState" NOT NULL,
    "message" TEXT NOT NULL,
    "runId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "webhook" "AlertDelivery" NOT NULL,
    "email" "AlertDelivery" NOT NULL,
    "deliveryAttempts" INTEGER NOT NULL DEFAULT 0,
    "webhookError" TEXT,
    "emailError" TEXT,

    CONSTRAINT "AlertNotification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AlertRead" (
    "userId" TEXT NOT NULL,
    "notificationId" TEXT NOT NULL,
    "readAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AlertRead_pkey" PRIMARY KEY ("userId","notificationId")
);

-- CreateTable
CREATE TABLE "AlertSettings" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "rules" JSONB NOT NULL,
    "webhookUrl" TEXT,
    "email" JSONB,
    "emailPassword" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "updatedBy" TEXT,

    CONSTRAINT "AlertSettings_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "AlertNotification_createdAt_idx" ON "AlertNotification"("createdAt");

-- CreateIndex
CREATE INDEX "AlertNotification_alertId_createdAt_idx" ON "AlertNotification"("alertId", "createdAt");

-- CreateIndex
CREATE INDEX "AlertRead_notificationId_idx" ON "AlertRead"("notificationId");

-- CreateIndex
CREATE INDEX "Alert_integrationId_code_idx" ON "Alert"("integrationId", "code");

-- AddForeignKey
ALTER TABLE "AlertNotification" ADD CONSTRAINT "AlertNotification_alertId_fkey" FOREIGN KEY ("alertId") REFERENCES "Alert"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AlertRead" ADD CONSTRAINT "AlertRead_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AlertRead" ADD CONSTRAINT "AlertRead_notificationId_fkey" FOREIGN KEY ("notificationId") REFERENCES "AlertNotification"("id") ON DELETE CASCADE ON UPDATE CASCADE;
