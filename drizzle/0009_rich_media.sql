CREATE TYPE "public"."media_state" AS ENUM('pending', 'downloading', 'stored', 'too_large', 'expired', 'failed', 'purged');--> statement-breakpoint
CREATE TABLE "media_blob_data" (
	"sha256" text PRIMARY KEY NOT NULL,
	"data" "bytea" NOT NULL
);
--> statement-breakpoint
CREATE TABLE "media_blobs" (
	"sha256" text PRIMARY KEY NOT NULL,
	"size" bigint NOT NULL,
	"mimetype" text NOT NULL,
	"storage" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "media_downloads" (
	"message_id" bigint PRIMARY KEY NOT NULL,
	"session_id" bigint NOT NULL,
	"state" "media_state" DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"error" text,
	"ignore_limit" boolean DEFAULT false NOT NULL,
	"sha256" text,
	"claimed_by" text,
	"claimed_at" timestamp with time zone,
	"stored_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "whatsapp_reactions" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "whatsapp_reactions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"session_id" bigint NOT NULL,
	"message_protocol_id" text NOT NULL,
	"message_from_me" boolean NOT NULL,
	"sender_wid" text NOT NULL,
	"from_me" boolean NOT NULL,
	"emoji" text NOT NULL,
	"timestamp" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "whatsapp_messages" ADD COLUMN "media_thumbnail" text;--> statement-breakpoint
ALTER TABLE "whatsapp_messages" ADD COLUMN "poll_name" text;--> statement-breakpoint
ALTER TABLE "whatsapp_messages" ADD COLUMN "poll_options" text[];--> statement-breakpoint
ALTER TABLE "whatsapp_messages" ADD COLUMN "poll_allow_multiple" boolean;--> statement-breakpoint
ALTER TABLE "media_blob_data" ADD CONSTRAINT "media_blob_data_sha256_media_blobs_sha256_fk" FOREIGN KEY ("sha256") REFERENCES "public"."media_blobs"("sha256") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "media_downloads" ADD CONSTRAINT "media_downloads_message_id_whatsapp_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."whatsapp_messages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "media_downloads" ADD CONSTRAINT "media_downloads_session_id_whatsapp_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."whatsapp_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "media_downloads" ADD CONSTRAINT "media_downloads_sha256_media_blobs_sha256_fk" FOREIGN KEY ("sha256") REFERENCES "public"."media_blobs"("sha256") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "whatsapp_reactions" ADD CONSTRAINT "whatsapp_reactions_session_id_whatsapp_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."whatsapp_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "media_downloads_due_idx" ON "media_downloads" USING btree ("session_id","next_attempt_at","message_id") WHERE "media_downloads"."state" = 'pending';--> statement-breakpoint
CREATE INDEX "media_downloads_sha256_idx" ON "media_downloads" USING btree ("sha256");--> statement-breakpoint
CREATE INDEX "media_downloads_stored_idx" ON "media_downloads" USING btree ("stored_at") WHERE "media_downloads"."state" = 'stored';--> statement-breakpoint
CREATE UNIQUE INDEX "whatsapp_reactions_sender_uq" ON "whatsapp_reactions" USING btree ("session_id","message_protocol_id","message_from_me","sender_wid");