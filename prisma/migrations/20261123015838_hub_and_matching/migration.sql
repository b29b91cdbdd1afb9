-- CreateEnum
CREATE TYPE "HubRecordState" AS ENUM ('ACTIVE', 'TO_MERGE', 'TO_DELETE');

-- CreateEnum
CREATE TYPE "PullStatus" AS ENUM ('RUNNING', 'SUCCEEDED', 'FAILED');

-- CreateEnum
CREATE TYPE "MatchEntity" AS ENUM ('ACCOUNT', 'CONTACT');

-- CreateEnum
CREATE TYPE "MatchExceptionKind" AS ENUM ('UNMATCHED', 'AMBIGUOUS', 'DUPLICATE', 'EXCLUDED');

-- CreateEnum
CREATE TYPE "MatchOverrideAction" AS ENUM ('PIN', 'EXCLUDE');

-- AlterTable
ALTER TABLE "Integration" ADD COLUMN     "pullSettings" JSONB;

-- CreateTable
CREATE TABLE "SfAccount" (
    "integrationId" TEXT NOT NULL,
    "id" VARCHAR(18) NOT NULL,
    "objectName" TEXT NOT NULL,
    "name" TEXT,
    "website" TEXT,
    "ownerId" TEXT,
    "fields" JSONB NOT NULL,
    "systemModstamp" TIMESTAMP(3) NOT NULL,
    "state" "HubRecordState" NOT NULL DEFAULT 'ACTIVE',
    "masterRecordId" TEXT,
    "deletedAt" TIMESTAMP(3),
    "retiredReason" TEXT,
    "contentHash" TEXT NOT NULL,
    "pulledAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SfAccount_pkey" PRIMARY KEY ("integrationId","id")
);

-- CreateTable
CREATE TABLE "SfContact" (
    "integrationId" TEXT NOT NULL,
    "id" VARCHAR(18) NOT NULL,
    "objectName" TEXT NOT NULL,
    "accountId" TEXT,
    "email" TEXT,
    "phone" TEXT,
    "name" TEXT,
    "fields" JSONB NOT NULL,
    "systemModstamp" TIMESTAMP(3) NOT NULL,
    "state" "HubRecordState" NOT NULL DEFAULT 'ACTIVE',
    "masterRecordId" TEXT,
    "deletedAt" TIMESTAMP(3),
    "contentHash" TEXT NOT NULL,
    "pulledAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SfContact_pkey" PRIMARY KEY ("integrationId","id")
);

-- CreateTable
CREATE TABLE "AnalyticsAccount" (
    "integrationId" TEXT NOT NULL,
    "externalId" TEXT NOT NULL,
    "name" TEXT,
    "website" TEXT,
    "salesforceIdRaw" TEXT,
    "custom" JSONB NOT NULL,
    "lastSeenAt" TIMESTAMP(3),
    "seenRunId" TEXT,
    "removedAt" TIMESTAMP(3),
    "contentHash" TEXT NOT NULL,
    "pulledAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AnalyticsAccount_pkey" PRIMARY KEY ("integrationId","externalId")
);

-- CreateTable
CREATE TABLE "AnalyticsUser" (
    "integrationId" TEXT NOT NULL,
    "externalId" TEXT NOT NULL,
    "accountExternalId" TEXT,
    "email" TEXT,
    "phone" TEXT,
    "name" TEXT,
    "salesforceContactIdRaw" TEXT,
    "custom" JSONB NOT NULL,
    "lastSeenAt" TIMESTAMP(3),
    "seenRunId" TEXT,
    "removedAt" TIMESTAMP(3),
    "contentHash" TEXT NOT NULL,
    "pulledAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AnalyticsUser_pkey" PRIMARY KEY ("integrationId","externalId")
);

-- CreateTable
CREATE TABLE "PullRun" (
    "id" TEXT NOT NULL,
    "integrationId" TEXT NOT NULL,
    "system" "IntegrationSystem" NOT NULL,
    "trigger" TEXT NOT NULL,
    "status" "PullStatus" NOT NULL DEFAULT 'RUNNING',
    "mode" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "heartbeatAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),
    "stats" JSONB NOT NULL,
    "apiCalls" JSONB NOT NULL,
    "checkpoint" JSONB,
    "attempts" INTEGER NOT NULL DEFAULT 1,
    "error" TEXT,

    CONSTRAINT "PullRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PullCursor" (
    "integrationId" TEXT NOT NULL,
    "objectName" TEXT NOT NULL,
    "systemModstamp" TIMESTAMP(3) NOT NULL,
    "lastId" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PullCursor_pkey" PRIMARY KEY ("integrationId","objectName")
);

-- CreateTable
CREATE TABLE "MatchingSettings" (
    "integrationId" TEXT NOT NULL,
    "rules" JSONB NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "updatedBy" TEXT,

    CONSTRAINT "MatchingSettings_pkey" PRIMARY KEY ("integrationId")
);

-- CreateTable
CREATE TABLE "MatchLink" (
    "integrationId" TEXT NOT NULL,
    "entity" "MatchEntity" NOT NULL,
    "analyticsId" TEXT NOT NULL,
    "salesforceId" VARCHAR(18) NOT NULL,
    "criterion" TEXT NOT NULL,
    "key" TEXT,
    "matchedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MatchLink_pkey" PRIMARY KEY ("integrationId","entity","analyticsId")
);

-- CreateTable
CREATE TABLE "MatchException" (
    "integrationId" TEXT NOT NULL,
    "entity" "MatchEntity" NOT NULL,
    "analyticsId" TEXT NOT NULL,
    "kind" "MatchExceptionKind" NOT NULL,
    "reason" TEXT NOT NULL,
    "tried" JSONB NOT NULL,
    "salesforceId" TEXT,
    "sharedWith" TEXT[],
    "since" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MatchException_pkey" PRIMARY KEY ("integrationId","entity","analyticsId")
);

-- CreateTable
CREATE TABLE "MatchOverride" (
    "integrationId" TEXT NOT NULL,
    "entity" "MatchEntity" NOT NULL,
    "analyticsId" TEXT NOT NULL,
    "action" "MatchOverrideAction" NOT NULL,
    "salesforceId" VARCHAR(18),
    "note" TEXT,
    "createdBy" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MatchOverride_pkey" PRIMARY KEY ("integrationId","entity","analyticsId")
);

-- CreateIndex
CREATE INDEX "SfAccount_integrationId_state_idx" ON "SfAccount"("integrationId", "state");

-- CreateIndex
CREATE INDEX "SfContact_integrationId_state_idx" ON "SfContact"("integrationId", "state");

-- CreateIndex
CREATE INDEX "SfContact_integrationId_accountId_idx" ON "SfContact"("integrationId", "accountId");

-- CreateIndex
CREATE INDEX "AnalyticsUser_integrationId_accountExternalId_lastSeenAt_idx" ON "AnalyticsUser"("integrationId", "accountExternalId", "lastSeenAt");

-- CreateIndex
CREATE INDEX "PullRun_integrationId_startedAt_idx" ON "PullRun"("integrationId", "startedAt");

-- CreateIndex
CREATE INDEX "MatchLink_integrationId_entity_salesforceId_idx" ON "MatchLink"("integrationId", "entity", "salesforceId");

-- CreateIndex
CREATE INDEX "MatchException_integrationId_entity_kind_idx" ON "MatchException"("integrationId", "entity", "kind");
