CREATE TYPE "public"."session_desired_state" AS ENUM('running', 'stopped');--> statement-breakpoint
CREATE TABLE "whatsapp_workers" (
	"owner" text PRIMARY KEY NOT NULL,
	"host" text NOT NULL,
	"pid" integer NOT NULL,
	"capacity" integer NOT NULL,
	"pinned_session" text,
	"heartbeat_at" timestamp with time zone NOT NULL,
	"started_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "whatsapp_sessions" ADD COLUMN "label" text;--> statement-breakpoint
ALTER TABLE "whatsapp_sessions" ADD COLUMN "desired_state" "session_desired_state" DEFAULT 'running' NOT NULL;--> statement-breakpoint
ALTER TABLE "whatsapp_sessions" ADD COLUMN "deleted_at" timestamp with time zone;