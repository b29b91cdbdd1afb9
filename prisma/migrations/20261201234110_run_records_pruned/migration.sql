-- AlterTable
ALTER TABLE "SyncRun" ADD COLUMN     "recordsPrunedAt" TIMESTAMP(3);
