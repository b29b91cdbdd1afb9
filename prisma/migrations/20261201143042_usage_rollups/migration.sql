-- CreateTable
CREATE TABLE "UsageUserDay" (
    "integrationId" TEXT NOT NULL,
    "accountExternalId" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "userExternalId" TEXT NOT NULL,
    "events" INTEGER NOT NULL,
    "minutes" INTEGER NOT NULL,

    CONSTRAINT "UsageUserDay_pkey" PRIMARY KEY ("integrationId","accountExternalId","day","userExternalId")
);

-- CreateTable
CREATE TABLE "UsageAccountDay" (
    "integrationId" TEXT NOT NULL,
    "accountExternalId" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "activeUsers" INTEGER NOT NULL,
    "events" INTEGER NOT NULL,
    "minutes" INTEGER NOT NULL,

    CONSTRAINT "UsageAccountDay_pkey" PRIMARY KEY ("integrationId","accountExternalId","day")
);

-- CreateTable
CREATE TABLE "UsageUserFeatureDay" (
    "integrationId" TEXT NOT NULL,
    "accountExternalId" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "featureExternalId" TEXT NOT NULL,
    "userExternalId" TEXT NOT NULL,
    "clicks" INTEGER NOT NULL,

    CONSTRAINT "UsageUserFeatureDay_pkey" PRIMARY KEY ("integrationId","accountExternalId","day","featureExternalId","userExternalId")
);

-- CreateTable
CREATE TABLE "UsageAccountFeatureDay" (
    "integrationId" TEXT NOT NULL,
    "accountExternalId" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "featureExternalId" TEXT NOT NULL,
    "users" INTEGER NOT NULL,
    "clicks" INTEGER NOT NULL,

    CONSTRAINT "UsageAccountFeatureDay_pkey" PRIMARY KEY ("integrationId","accountExternalId","day","featureExternalId")
);

-- CreateTable
CREATE TABLE "UsageFeature" (
    "integrationId" TEXT NOT NULL,
    "externalId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT,
    "active" BOOLEAN NOT NULL,
    "refreshedAt" TIMESTAMP(3) NOT NULL,
    "removedAt" TIMESTAMP(3),

    CONSTRAINT "UsageFeature_pkey" PRIMARY KEY ("integrationId","externalId")
);

-- CreateTable
CREATE TABLE "UsageNpsResponse" (
    "integrationId" TEXT NOT NULL,
    "responseId" TEXT NOT NULL,
    "surveyId" TEXT NOT NULL,
    "accountExternalId" TEXT NOT NULL,
    "userExternalId" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "respondedAt" TIMESTAMP(3) NOT NULL,
    "score" INTEGER NOT NULL,
    "comment" TEXT,

    CONSTRAINT "UsageNpsResponse_pkey" PRIMARY KEY ("integrationId","responseId")
);

-- CreateTable
CREATE TABLE "UsageEngagement" (
    "integrationId" TEXT NOT NULL,
    "externalId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT,
    "state" TEXT,
    "active" BOOLEAN NOT NULL,
    "isNps" BOOLEAN NOT NULL,
    "refreshedAt" TIMESTAMP(3) NOT NULL,
    "removedAt" TIMESTAMP(3),

    CONSTRAINT "UsageEngagement_pkey" PRIMARY KEY ("integrationId","externalId")
);

-- CreateTable
CREATE TABLE "UsageEngagementDay" (
    "integrationId" TEXT NOT NULL,
    "accountExternalId" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "engagementExternalId" TEXT NOT NULL,
    "users" INTEGER NOT NULL,
    "views" INTEGER NOT NULL,

    CONSTRAINT "UsageEngagementDay_pkey" PRIMARY KEY ("integrationId","accountExternalId","day","engagementExternalId")
);

-- CreateTable
CREATE TABLE "UsageCursor" (
    "integrationId" TEXT NOT NULL,
    "firstDay" DATE NOT NULL,
    "lastDay" DATE NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "UsageCursor_pkey" PRIMARY KEY ("integrationId")
);

-- CreateIndex
CREATE INDEX "UsageUserDay_integrationId_day_idx" ON "UsageUserDay"("integrationId", "day");

-- CreateIndex
CREATE INDEX "UsageAccountDay_integrationId_day_idx" ON "UsageAccountDay"("integrationId", "day");

-- CreateIndex
CREATE INDEX "UsageUserFeatureDay_integrationId_day_idx" ON "UsageUserFeatureDay"("integrationId", "day");

-- CreateIndex
CREATE INDEX "UsageAccountFeatureDay_integrationId_day_idx" ON "UsageAccountFeatureDay"("integrationId", "day");

-- CreateIndex
CREATE INDEX "UsageNpsResponse_integrationId_accountExternalId_day_idx" ON "UsageNpsResponse"("integrationId", "accountExternalId", "day");

-- CreateIndex
CREATE INDEX "UsageNpsResponse_integrationId_day_idx" ON "UsageNpsResponse"("integrationId", "day");

-- CreateIndex
CREATE INDEX "UsageEngagementDay_integrationId_day_idx" ON "UsageEngagementDay"("integrationId", "day");
