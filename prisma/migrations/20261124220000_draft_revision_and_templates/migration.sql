-- AlterTable
ALTER TABLE "flows" ADD COLUMN     "draft_revision" INTEGER NOT NULL DEFAULT 1;

-- CreateTable
CREATE TABLE "templates" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "document" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "templates_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "runs_flow_version_id_started_at_idx" ON "runs"("flow_version_id", "started_at");
