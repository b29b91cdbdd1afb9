-- CreateTable
CREATE TABLE "SfUser" (
    "integrationId" TEXT NOT NULL,
    "id" VARCHAR(18) NOT NULL,
    "name" TEXT,
    "email" TEXT,
    "isActive" BOOLEAN NOT NULL,
    "systemModstamp" TIMESTAMP(3) NOT NULL,
    "pulledAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SfUser_pkey" PRIMARY KEY ("integrationId","id")
);

-- CreateTable
CREATE TABLE "SfCase" (
    "integrationId" TEXT NOT NULL,
    "id" VARCHAR(18) NOT NULL,
    "accountId" VARCHAR(18),
    "status" TEXT,
    "isClosed" BOOLEAN NOT NULL,
    "createdDate" TIMESTAMP(3) NOT NULL,
    "closedDate" TIMESTAMP(3),
    "systemModstamp" TIMESTAMP(3) NOT NULL,
    "deletedAt" TIMESTAMP(3),
    "pulledAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SfCase_pkey" PRIMARY KEY ("integrationId","id")
);

-- CreateTable
CREATE TABLE "SfOpportunity" (
    "integrationId" TEXT NOT NULL,
    "id" VARCHAR(18) NOT NULL,
    "accountId" VARCHAR(18),
    "type" TEXT,
    "stageName" TEXT,
    "isClosed" BOOLEAN NOT NULL,
    "isWon" BOOLEAN NOT NULL,
    "closeDate" DATE,
    "amount" DOUBLE PRECISION,
    "systemModstamp" TIMESTAMP(3) NOT NULL,
    "deletedAt" TIMESTAMP(3),
    "pulledAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SfOpportunity_pkey" PRIMARY KEY ("integrationId","id")
);

-- CreateTable
CREATE TABLE "HealthModelVersion" (
    "version" INTEGER NOT NULL,
    "definition" JSONB NOT NULL,
    "note" TEXT,
    "createdBy" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "active" BOOLEAN NOT NULL DEFAULT false,
    "activatedAt" TIMESTAMP(3),
    "activatedBy" TEXT,

    CONSTRAINT "HealthModelVersion_pkey" PRIMARY KEY ("version")
);

-- CreateTable
CREATE TABLE "HealthScore" (
    "accountId" VARCHAR(18) NOT NULL,
    "day" DATE NOT NULL,
    "modelVersion" INTEGER NOT NULL,
    "score" DOUBLE PRECISION,
    "colour" TEXT,
    "measures" JSONB NOT NULL,
    "missing" TEXT[],
    "usageSource" TEXT,
    "computedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "HealthScore_pkey" PRIMARY KEY ("accountId","day")
);

-- CreateTable
CREATE TABLE "HealthOverride" (
    "id" TEXT NOT NULL,
    "accountId" VARCHAR(18) NOT NULL,
    "score" DOUBLE PRECISION,
    "colour" TEXT,
    "reason" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "setById" TEXT,
    "setByEmail" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "clearedAt" TIMESTAMP(3),
    "clearedBy" TEXT,

    CONSTRAINT "HealthOverride_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "SfCase_integrationId_accountId_createdDate_idx" ON "SfCase"("integrationId", "accountId", "createdDate");

-- CreateIndex
CREATE INDEX "SfOpportunity_integrationId_accountId_idx" ON "SfOpportunity"("integrationId", "accountId");

-- CreateIndex
CREATE INDEX "HealthScore_day_score_idx" ON "HealthScore"("day", "score");

-- CreateIndex
CREATE INDEX "HealthOverride_accountId_createdAt_idx" ON "HealthOverride"("accountId", "createdAt");

-- At most one active health model version: the scorer reads "the active one".
CREATE UNIQUE INDEX "HealthModelVersion_one_active" ON "HealthModelVersion" ("active") WHERE "active";
