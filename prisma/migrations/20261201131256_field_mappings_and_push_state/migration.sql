-- CreateTable
CREATE TABLE "FieldMappingSet" (
    "integrationId" TEXT NOT NULL,
    "mappings" JSONB NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "updatedBy" TEXT,

    CONSTRAINT "FieldMappingSet_pkey" PRIMARY KEY ("integrationId")
);

-- CreateTable
CREATE TABLE "PushState" (
    "integrationId" TEXT NOT NULL,
    "targetSystem" TEXT NOT NULL,
    "object" TEXT NOT NULL,
    "recordId" TEXT NOT NULL,
    "payloadHash" TEXT NOT NULL,
    "values" JSONB NOT NULL,
    "pushedAt" TIMESTAMP(3) NOT NULL,
    "runId" TEXT,

    CONSTRAINT "PushState_pkey" PRIMARY KEY ("integrationId","targetSystem","object","recordId")
);
