-- CreateTable
CREATE TABLE "personas" (
    "id" UUID NOT NULL,
    "name" VARCHAR(80) NOT NULL,
    "system_prompt" TEXT NOT NULL,
    "greeting" TEXT,
    "style" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "personas_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "usage_daily" (
    "flow_id" UUID NOT NULL,
    "day" DATE NOT NULL,
    "model" TEXT NOT NULL,
    "calls" INTEGER NOT NULL,
    "input_tokens" BIGINT NOT NULL,
    "output_tokens" BIGINT NOT NULL,
    "cost_usd" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "usage_daily_pkey" PRIMARY KEY ("flow_id","day","model")
);

-- AlterTable
ALTER TABLE "channels" ADD COLUMN "persona_id" UUID;

-- CreateIndex
CREATE UNIQUE INDEX "personas_name_key" ON "personas"("name");

-- AddForeignKey
ALTER TABLE "channels" ADD CONSTRAINT "channels_persona_id_fkey" FOREIGN KEY ("persona_id") REFERENCES "personas"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "usage_daily" ADD CONSTRAINT "usage_daily_flow_id_fkey" FOREIGN KEY ("flow_id") REFERENCES "flows"("id") ON DELETE CASCADE ON UPDATE CASCADE;
