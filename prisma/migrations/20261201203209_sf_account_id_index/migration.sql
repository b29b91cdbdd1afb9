-- CreateIndex
CREATE INDEX "SfAccount_id_idx" ON "SfAccount"("id");
