-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "RunKind" ADD VALUE 'RETRY';
ALTER TYPE "RunKind" ADD VALUE 'PREVIEW';

-- AlterTable
ALTER TABLE "SyncRun" ADD COLUMN     "retryOfRunId" TEXT,
ADD COLUMN     "scope" JSONB;

-- CreateTable
CREATE TABLE "RecordDismissal" (
    "integrationId" TEXT NOT NULL,
    "targetSystem" TEXT NOT NULL,
    "object" TEXT NOT NULL,
    "recordId" TEXT NOT NULL,
    "payloadHash" TEXT NOT NULL,
    "reason" TEXT,
    "dismissedByEmail" TEXT NOT NULL,
    "dismissedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RecordDismissal_pkey" PRIMARY KEY ("integrationId","targetSystem","object","recordId")
);

-- CreateTable
CREATE TABLE "SyncSchedule" (
    "id" TEXT NOT NULL,
    "integrationId" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "cron" TEXT NOT NULL,
    "timezone" TEXT NOT NULL,
    "paused" BOOLEAN NOT NULL DEFAULT false,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "updatedBy" TEXT,

    CONSTRAINT "SyncSchedule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AccountCsm" (
    "integrationId" TEXT NOT NULL,
    "accountId" VARCHAR(18) NOT NULL,
    "sfUserId" VARCHAR(18),
    "setAt" TIMESTAMP(3) NOT NULL,
    "setByEmail" TEXT NOT NULL,
    "pushedAt" TIMESTAMP(3),
    "pushError" TEXT,

    CONSTRAINT "AccountCsm_pkey" PRIMARY KEY ("integrationId","accountId")
);

-- CreateTable
CREATE TABLE "CsmChange" (
    "id" TEXT NOT NULL,
    "integrationId" TEXT NOT NULL,
    "accountId" VARCHAR(18) NOT NULL,
    "fromUserId" VARCHAR(18),
    "toUserId" VARCHAR(18),
    "changedByEmail" TEXT NOT NULL,
    "changedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "source" TEXT NOT NULL,

    CONSTRAINT "CsmChange_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CsmSettings" (
    "integrationId" TEXT NOT NULL,
    "fieldName" TEXT NOT NULL DEFAULT 'CSM__c',
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "updatedBy" TEXT,

    CONSTRAINT "CsmSettings_pkey" PRIMARY KEY ("integrationId")
);

-- CreateTable
CREATE TABLE "SharingGroup" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "fieldName" TEXT NOT NULL,
    "fieldValue" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SharingGroup_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SharingGroupMember" (
    "groupId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "addedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "addedBy" TEXT,

    CONSTRAINT "SharingGroupMember_pkey" PRIMARY KEY ("groupId","userId")
);

-- CreateIndex
CREATE UNIQUE INDEX "SyncSchedule_integrationId_action_key" ON "SyncSchedule"("integrationId", "action");

-- CreateIndex
CREATE INDEX "CsmChange_integrationId_accountId_changedAt_idx" ON "CsmChange"("integrationId", "accountId", "changedAt");

-- CreateIndex
CREATE UNIQUE INDEX "SharingGroup_name_key" ON "SharingGroup"("name");

-- CreateIndex
CREATE INDEX "SharingGroupMember_userId_idx" ON "SharingGroupMember"("userId");

-- CreateIndex
CREATE INDEX "HealthScore_day_accountId_score_colour_idx" ON "HealthScore"("day", "accountId", "score", "colour");

-- CreateIndex
CREATE INDEX "SyncRun_retryOfRunId_idx" ON "SyncRun"("retryOfRunId");

-- AddForeignKey
ALTER TABLE "SharingGroupMember" ADD CONSTRAINT "SharingGroupMember_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "SharingGroup"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SharingGroupMember" ADD CONSTRAINT "SharingGroupMember_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
