-- CreateTable
CREATE TABLE "KpiSnapshot" (
    "integrationId" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "values" JSONB NOT NULL,
    "computedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "KpiSnapshot_pkey" PRIMARY KEY ("integrationId","scope","accountId","day")
);

-- CreateIndex
CREATE INDEX "KpiSnapshot_integrationId_day_idx" ON "KpiSnapshot"("integrationId", "day");
