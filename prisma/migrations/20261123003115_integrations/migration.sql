-- CreateEnum
CREATE TYPE "IntegrationSystem" AS ENUM ('SALESFORCE', 'PENDO', 'PX');

-- CreateEnum
CREATE TYPE "IntegrationStatus" AS ENUM ('CONNECTED', 'RECONNECT_NEEDED', 'ERROR', 'DISABLED');

-- CreateTable
CREATE TABLE "Integration" (
    "id" TEXT NOT NULL,
    "system" "IntegrationSystem" NOT NULL,
    "status" "IntegrationStatus" NOT NULL DEFAULT 'DISABLED',
    "statusMessage" TEXT,
    "environment" TEXT NOT NULL,
    "baseUrl" TEXT NOT NULL,
    "instanceUrl" TEXT,
    "externalOrgId" TEXT,
    "orgName" TEXT,
    "connectedUser" TEXT,
    "connectedUserId" TEXT,
    "isSandbox" BOOLEAN NOT NULL DEFAULT false,
    "canWrite" BOOLEAN NOT NULL DEFAULT true,
    "secrets" TEXT,
    "apiUsed" INTEGER,
    "apiMax" INTEGER,
    "apiUsageAt" TIMESTAMP(3),
    "connectedAt" TIMESTAMP(3),
    "lastCheckedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Integration_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OAuthState" (
    "state" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "environment" TEXT NOT NULL,
    "loginUrl" TEXT NOT NULL,
    "codeVerifier" TEXT NOT NULL,
    "integrationId" TEXT,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OAuthState_pkey" PRIMARY KEY ("state")
);

-- CreateTable
CREATE TABLE "SalesforceDescribe" (
    "integrationId" TEXT NOT NULL,
    "objectName" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "fields" JSONB NOT NULL,
    "refreshedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SalesforceDescribe_pkey" PRIMARY KEY ("integrationId","objectName")
);

-- CreateTable
CREATE TABLE "Alert" (
    "id" TEXT NOT NULL,
    "integrationId" TEXT,
    "level" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolvedAt" TIMESTAMP(3),

    CONSTRAINT "Alert_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Integration_system_idx" ON "Integration"("system");

-- CreateIndex
CREATE INDEX "Alert_resolvedAt_createdAt_idx" ON "Alert"("resolvedAt", "createdAt");

-- AddForeignKey
ALTER TABLE "SalesforceDescribe" ADD CONSTRAINT "SalesforceDescribe_integrationId_fkey" FOREIGN KEY ("integrationId") REFERENCES "Integration"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Alert" ADD CONSTRAINT "Alert_integrationId_fkey" FOREIGN KEY ("integrationId") REFERENCES "Integration"("id") ON DELETE CASCADE ON UPDATE CASCADE;
