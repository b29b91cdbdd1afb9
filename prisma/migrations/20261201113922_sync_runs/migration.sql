-- CreateEnum
CREATE TYPE "RunStatus" AS ENUM ('QUEUED', 'RUNNING', 'SUCCEEDED', 'PARTIAL', 'FAILED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "StepStatus" AS ENUM ('PENDING', 'RUNNING', 'SUCCEEDED', 'FAILED', 'SKIPPED');

-- CreateEnum
CREATE TYPE "RunKind" AS ENUM ('PULL', 'MATCH', 'SYNC');

-- AlterTable
ALTER TABLE "AnalyticsAccount" DROP COLUMN "seenRunId";

-- AlterTable
ALTER TABLE "AnalyticsUser" DROP COLUMN "seenRunId";

-- AlterTable
ALTER TABLE "MatchException" ADD COLUMN     "digest" TEXT NOT NULL DEFAULT '';

-- AlterTable
ALTER TABLE "MatchLink" ADD COLUMN     "digest" TEXT NOT NULL DEFAULT '';

-- CreateTable
CREATE TABLE "SyncRun" (
    "id" TEXT NOT NULL,
    "integrationId" TEXT NOT NULL,
    "system" "IntegrationSystem" NOT NULL,
    "kind" "RunKind" NOT NULL,
    "trigger" TEXT NOT NULL,
    "triggeredBy" TEXT,
    "status" "RunStatus" NOT NULL DEFAULT 'RUNNING',
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "heartbeatAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),
    "attempts" INTEGER NOT NULL DEFAULT 1,
    "error" TEXT,

    CONSTRAINT "SyncRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SyncStep" (
    "id" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "integrationId" TEXT NOT NULL,
    "status" "StepStatus" NOT NULL DEFAULT 'PENDING',
    "mode" TEXT,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "stats" JSONB NOT NULL DEFAULT '{}',
    "apiCalls" JSONB NOT NULL DEFAULT '{}',
    "checkpoint" JSONB,
    "error" TEXT,

    CONSTRAINT "SyncStep_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SyncRecordResult" (
    "id" BIGSERIAL NOT NULL,
    "runId" TEXT NOT NULL,
    "stepId" TEXT NOT NULL,
    "system" TEXT NOT NULL,
    "object" TEXT NOT NULL,
    "recordId" TEXT NOT NULL,
    "operation" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "errorCode" TEXT,
    "message" TEXT,
    "fields" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SyncRecordResult_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "SyncRun_integrationId_startedAt_idx" ON "SyncRun"("integrationId", "startedAt");

-- CreateIndex
CREATE INDEX "SyncRun_startedAt_idx" ON "SyncRun"("startedAt");

-- CreateIndex
CREATE INDEX "SyncRun_integrationId_status_idx" ON "SyncRun"("integrationId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "SyncStep_runId_position_key" ON "SyncStep"("runId", "position");

-- CreateIndex
CREATE INDEX "SyncRecordResult_runId_outcome_idx" ON "SyncRecordResult"("runId", "outcome");

-- CreateIndex
CREATE INDEX "SyncRecordResult_runId_recordId_idx" ON "SyncRecordResult"("runId", "recordId");

-- CreateIndex
CREATE INDEX "SyncRecordResult_stepId_idx" ON "SyncRecordResult"("stepId");

-- AddForeignKey
ALTER TABLE "SyncStep" ADD CONSTRAINT "SyncStep_runId_fkey" FOREIGN KEY ("runId") REFERENCES "SyncRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SyncRecordResult" ADD CONSTRAINT "SyncRecordResult_runId_fkey" FOREIGN KEY ("runId") REFERENCES "SyncRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SyncRecordResult" ADD CONSTRAINT "SyncRecordResult_stepId_fkey" FOREIGN KEY ("stepId") REFERENCES "SyncStep"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Existing pull history becomes runs with one pull step each (kept, not lost).
INSERT INTO "SyncRun" ("id", "integrationId", "system", "kind", "trigger", "status", "startedAt", "heartbeatAt", "finishedAt", "attempts", "error")
SELECT "id", "integrationId", "system", 'PULL', "trigger", ("status"::text)::"RunStatus", "startedAt", "heartbeatAt", "finishedAt", "attempts", "error"
  FROM "PullRun";

INSERT INTO "SyncStep" ("id", "runId", "position", "name", "integrationId", "status", "mode", "startedAt", "finishedAt", "stats", "apiCalls", "checkpoint", "error")
SELECT "id" || '-pull', "id", 0, 'pull', "integrationId", ("status"::text)::"StepStatus", NULLIF("mode", 'pending'), "startedAt", "finishedAt", "stats", "apiCalls", "checkpoint", "error"
  FROM "PullRun";

-- DropTable
DROP TABLE "PullRun";

-- DropEnum
DROP TYPE "PullStatus";
