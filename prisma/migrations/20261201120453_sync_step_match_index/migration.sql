-- CreateIndex
CREATE INDEX "SyncStep_integrationId_name_startedAt_idx" ON "SyncStep"("integrationId", "name", "startedAt");
