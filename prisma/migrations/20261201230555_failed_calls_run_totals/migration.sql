-- AlterTable
ALTER TABLE "SyncRun" ADD COLUMN     "apiCallCount" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "durationMs" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "recordCount" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "rejectedCount" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "SyncFailedCall" (
    "id" BIGSERIAL NOT NULL,
    "runId" TEXT NOT NULL,
    "stepId" TEXT NOT NULL,
    "system" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "status" INTEGER,
    "request" TEXT NOT NULL,
    "response" TEXT NOT NULL,
    "records" INTEGER NOT NULL,
    "refused" INTEGER NOT NULL,
    "omitted" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SyncFailedCall_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "SyncFailedCall_runId_id_idx" ON "SyncFailedCall"("runId", "id");

-- CreateIndex
CREATE INDEX "SyncFailedCall_stepId_idx" ON "SyncFailedCall"("stepId");

-- CreateIndex
CREATE INDEX "SyncRun_durationMs_id_idx" ON "SyncRun"("durationMs", "id");

-- CreateIndex
CREATE INDEX "SyncRun_recordCount_id_idx" ON "SyncRun"("recordCount", "id");

-- CreateIndex
CREATE INDEX "SyncRun_apiCallCount_id_idx" ON "SyncRun"("apiCallCount", "id");

-- CreateIndex
CREATE INDEX "SyncRun_rejectedCount_id_idx" ON "SyncRun"("rejectedCount", "id");

-- AddForeignKey
ALTER TABLE "SyncFailedCall" ADD CONSTRAINT "SyncFailedCall_runId_fkey" FOREIGN KEY ("runId") REFERENCES "SyncRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SyncFailedCall" ADD CONSTRAINT "SyncFailedCall_stepId_fkey" FOREIGN KEY ("stepId") REFERENCES "SyncStep"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Backfill the totals of runs that already closed, from their steps (the same sums the history
-- shows: runTotals in lib/sync/history/step-counts.ts). Runs still open get theirs when they close.
-- A count is read as the history reads it: a whole number of 0 or more, anything else is 0, and a stats or
-- apiCalls value that is not a JSON object counts nothing.
WITH step_totals AS (
  SELECT s."runId",
    SUM(COALESCE((SELECT SUM(FLOOR((c.value #>> '{}')::numeric)) FROM jsonb_each((CASE WHEN jsonb_typeof(s."apiCalls") = 'object' THEN s."apiCalls" ELSE '{}'::jsonb END)) c WHERE jsonb_typeof(c.value) = 'number' AND (c.value #>> '{}')::numeric > 0), 0)) AS api_calls,
    SUM(CASE WHEN s."status" = 'SKIPPED' THEN 0
             WHEN s."name" = 'pull' THEN COALESCE((SELECT SUM((CASE WHEN jsonb_typeof(o.value -> 'read') = 'number' AND (o.value -> 'read' #>> '{}')::numeric >= 0 AND (o.value -> 'read' #>> '{}')::numeric = FLOOR((o.value -> 'read' #>> '{}')::numeric) THEN (o.value -> 'read' #>> '{}')::numeric ELSE 0 END)) FROM jsonb_each((CASE WHEN jsonb_typeof(s."stats") = 'object' THEN s."stats" ELSE '{}'::jsonb END)) o WHERE jsonb_typeof(o.value) = 'object'), 0)
             WHEN s."name" LIKE 'push.%' THEN COALESCE((SELECT SUM((CASE WHEN jsonb_typeof(o.value -> 'written') = 'number' AND (o.value -> 'written' #>> '{}')::numeric >= 0 AND (o.value -> 'written' #>> '{}')::numeric = FLOOR((o.value -> 'written' #>> '{}')::numeric) THEN (o.value -> 'written' #>> '{}')::numeric ELSE 0 END) + (CASE WHEN jsonb_typeof(o.value -> 'invalid') = 'number' AND (o.value -> 'invalid' #>> '{}')::numeric >= 0 AND (o.value -> 'invalid' #>> '{}')::numeric = FLOOR((o.value -> 'invalid' #>> '{}')::numeric) THEN (o.value -> 'invalid' #>> '{}')::numeric ELSE 0 END) + (CASE WHEN jsonb_typeof(o.value -> 'rejected') = 'number' AND (o.value -> 'rejected' #>> '{}')::numeric >= 0 AND (o.value -> 'rejected' #>> '{}')::numeric = FLOOR((o.value -> 'rejected' #>> '{}')::numeric) THEN (o.value -> 'rejected' #>> '{}')::numeric ELSE 0 END))
               FROM jsonb_each((CASE WHEN jsonb_typeof(s."stats") = 'object' THEN s."stats" ELSE '{}'::jsonb END)) o WHERE jsonb_typeof(o.value) = 'object'), 0)
             ELSE 0 END) AS records,
    SUM(CASE WHEN s."status" <> 'SKIPPED' AND s."name" LIKE 'push.%' THEN COALESCE((SELECT SUM((CASE WHEN jsonb_typeof(o.value -> 'rejected') = 'number' AND (o.value -> 'rejected' #>> '{}')::numeric >= 0 AND (o.value -> 'rejected' #>> '{}')::numeric = FLOOR((o.value -> 'rejected' #>> '{}')::numeric) THEN (o.value -> 'rejected' #>> '{}')::numeric ELSE 0 END)) FROM jsonb_each((CASE WHEN jsonb_typeof(s."stats") = 'object' THEN s."stats" ELSE '{}'::jsonb END)) o WHERE jsonb_typeof(o.value) = 'object'), 0) ELSE 0 END) AS rejected
  FROM "SyncStep" s
  GROUP BY s."runId"
)
UPDATE "SyncRun" r SET
  "durationMs" = CASE WHEN r."finishedAt" IS NULL THEN 0 ELSE LEAST(2147483647, GREATEST(0, FLOOR(EXTRACT(EPOCH FROM (r."finishedAt" - r."startedAt")) * 1000)))::int END,
  "apiCallCount" = LEAST(2147483647, COALESCE(t.api_calls, 0))::int,
  "recordCount" = LEAST(2147483647, COALESCE(t.records, 0))::int,
  "rejectedCount" = LEAST(2147483647, COALESCE(t.rejected, 0))::int
FROM (SELECT r2."id", st.api_calls, st.records, st.rejected FROM "SyncRun" r2 LEFT JOIN step_totals st ON st."runId" = r2."id") t
WHERE t."id" = r."id" AND r."status" NOT IN ('RUNNING', 'QUEUED');
