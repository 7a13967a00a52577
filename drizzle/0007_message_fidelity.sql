ALTER TABLE "whatsapp_messages" ADD COLUMN "system" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "whatsapp_messages" ADD COLUMN "media_mimetype" text;--> statement-breakpoint
ALTER TABLE "whatsapp_messages" ADD COLUMN "media_size" bigint;--> statement-breakpoint
ALTER TABLE "whatsapp_messages" ADD COLUMN "media_filehash" text;--> statement-breakpoint
ALTER TABLE "whatsapp_messages" ADD COLUMN "media_filename" text;--> statement-breakpoint
ALTER TABLE "whatsapp_messages" ADD COLUMN "media_duration" integer;--> statement-breakpoint
ALTER TABLE "whatsapp_messages" ADD COLUMN "media_width" integer;--> statement-breakpoint
ALTER TABLE "whatsapp_messages" ADD COLUMN "media_height" integer;--> statement-breakpoint
ALTER TABLE "whatsapp_messages" ADD COLUMN "location" jsonb;--> statement-breakpoint
ALTER TABLE "whatsapp_messages" ADD COLUMN "vcards" jsonb;