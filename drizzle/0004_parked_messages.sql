ALTER TABLE "whatsapp_messages" ADD COLUMN "parked_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "whatsapp_messages" ADD COLUMN "processing_error" text;--> statement-breakpoint
ALTER TABLE "whatsapp_messages" ADD COLUMN "processing_attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "whatsapp_messages_parked_idx" ON "whatsapp_messages" USING btree ("session_id","parked_at") WHERE "whatsapp_messages"."parked_at" is not null;