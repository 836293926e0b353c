-- AlterTable
ALTER TABLE "conversations" ADD COLUMN     "turn_seq" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "inbox" (
    "id" UUID NOT NULL,
    "seq" BIGSERIAL NOT NULL,
    "conversation_id" UUID NOT NULL,
    "flow_version_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "event" JSONB NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "run_id" UUID,
    "dedupe_key" TEXT,
    "reply_to" TEXT,
    "stream" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "inbox_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "checkpoints" (
    "run_id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "entry" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "checkpoints_pkey" PRIMARY KEY ("run_id","key")
);

-- CreateIndex
CREATE INDEX "inbox_conversation_id_status_seq_idx" ON "inbox"("conversation_id", "status", "seq");

-- CreateIndex
CREATE INDEX "inbox_status_created_at_idx" ON "inbox"("status", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "inbox_conversation_id_dedupe_key_key" ON "inbox"("conversation_id", "dedupe_key");

-- AddForeignKey
ALTER TABLE "inbox" ADD CONSTRAINT "inbox_conversation_id_fkey" FOREIGN KEY ("conversation_id") REFERENCES "conversations"("id") ON DELETE CASCADE ON UPDATE CASCADE;
