CREATE TYPE "public"."api_key_scope" AS ENUM('read', 'write');--> statement-breakpoint
CREATE TYPE "public"."user_role" AS ENUM('superadmin', 'viewer');--> statement-breakpoint
CREATE TYPE "public"."webhook_delivery_status" AS ENUM('pending', 'delivered', 'failed', 'dead');--> statement-breakpoint
CREATE TYPE "public"."experience_status" AS ENUM('draft', 'published', 'archived');--> statement-breakpoint
CREATE TYPE "public"."group_source" AS ENUM('override', 'operator_default', 'binding', 'none');--> statement-breakpoint
CREATE TYPE "public"."reservation_request_status" AS ENUM('detected', 'matched', 'unmatched', 'notified', 'notify_failed', 'confirmed', 'rejected');--> statement-breakpoint
CREATE TYPE "public"."reservation_status" AS ENUM('pending', 'confirmed', 'cancelled', 'completed');--> statement-breakpoint
CREATE TYPE "public"."message_source" AS ENUM('live', 'backfill', 'history', 'sent');--> statement-breakpoint
CREATE TYPE "public"."session_status" AS ENUM('starting', 'qr', 'pairing', 'authenticated', 'ready', 'disconnected', 'failed', 'logged_out');--> statement-breakpoint
CREATE TYPE "public"."command_kind" AS ENUM('send_message', 'sync_chats', 'sync_chat_messages', 'request_pairing_code', 'logout', 'restart');--> statement-breakpoint
CREATE TYPE "public"."command_status" AS ENUM('pending', 'running', 'sending', 'succeeded', 'failed', 'unknown', 'cancelled');--> statement-breakpoint
CREATE TABLE "api_keys" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "api_keys_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"name" text NOT NULL,
	"prefix" text NOT NULL,
	"key_hash" text NOT NULL,
	"scope" "api_key_scope" NOT NULL,
	"created_by" bigint,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "api_keys_key_hash_unique" UNIQUE("key_hash")
);
--> statement-breakpoint
CREATE TABLE "rate_limits" (
	"key" text PRIMARY KEY NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"count" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "users_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"email" text NOT NULL,
	"name" text,
	"password_hash" text NOT NULL,
	"role" "user_role" DEFAULT 'viewer' NOT NULL,
	"locale" text DEFAULT 'es' NOT NULL,
	"disabled" boolean DEFAULT false NOT NULL,
	"last_login_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit_log_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"actor_type" text NOT NULL,
	"actor_id" text,
	"actor_label" text,
	"action" text NOT NULL,
	"target_type" text,
	"target_id" text,
	"details" jsonb,
	"ip" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "settings" (
	"key" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL,
	"updated_by" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhook_deliveries" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "webhook_deliveries_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"endpoint_id" bigint NOT NULL,
	"delivery_id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"event" text NOT NULL,
	"payload" jsonb NOT NULL,
	"status" "webhook_delivery_status" DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_status_code" integer,
	"last_error" text,
	"delivered_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "webhook_deliveries_delivery_id_unique" UNIQUE("delivery_id")
);
--> statement-breakpoint
CREATE TABLE "webhook_endpoints" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "webhook_endpoints_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"url" text NOT NULL,
	"secret" text NOT NULL,
	"events" text[] NOT NULL,
	"description" text,
	"active" boolean DEFAULT true NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "experience_group_bindings" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "experience_group_bindings_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"experience_id" bigint NOT NULL,
	"chat_id" bigint NOT NULL,
	"is_override" boolean NOT NULL,
	"flagged_at" timestamp with time zone,
	"flag_reason" text,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "experiences" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "experiences_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"external_id" text,
	"organizer_id" bigint NOT NULL,
	"operator_id" bigint,
	"title" text NOT NULL,
	"status" "experience_status" DEFAULT 'published' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "experiences_external_id_unique" UNIQUE("external_id")
);
--> statement-breakpoint
CREATE TABLE "organizers" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "organizers_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"external_id" text,
	"name" text NOT NULL,
	"email" text,
	"phone" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "organizers_external_id_unique" UNIQUE("external_id")
);
--> statement-breakpoint
CREATE TABLE "reservations" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "reservations_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"code" text NOT NULL,
	"external_id" text,
	"experience_id" bigint NOT NULL,
	"customer_name" text NOT NULL,
	"customer_phone" text,
	"date" date,
	"party_size" smallint DEFAULT 1 NOT NULL,
	"status" "reservation_status" DEFAULT 'pending' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reservations_code_unique" UNIQUE("code"),
	CONSTRAINT "reservations_external_id_unique" UNIQUE("external_id")
);
--> statement-breakpoint
CREATE TABLE "tour_operators" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "tour_operators_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"organizer_id" bigint,
	"name" text NOT NULL,
	"email" text,
	"phone" text,
	"default_group_chat_id" bigint,
	"is_system_created" boolean DEFAULT false NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "whatsapp_reservation_requests" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "whatsapp_reservation_requests_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"session_id" bigint NOT NULL,
	"message_id" bigint NOT NULL,
	"code" text NOT NULL,
	"reservation_id" bigint,
	"experience_id" bigint,
	"operator_id" bigint,
	"group_chat_id" bigint,
	"group_source" "group_source",
	"status" "reservation_request_status" DEFAULT 'detected' NOT NULL,
	"notification_command_id" bigint,
	"notify_attempts" integer DEFAULT 0 NOT NULL,
	"notify_deadline_at" timestamp with time zone,
	"trace" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "whatsapp_chats" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "whatsapp_chats_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"session_id" bigint NOT NULL,
	"wa_id" text NOT NULL,
	"is_group" boolean NOT NULL,
	"name" text,
	"unread_count" integer DEFAULT 0 NOT NULL,
	"archived" boolean DEFAULT false NOT NULL,
	"read_only" boolean DEFAULT false NOT NULL,
	"muted" boolean DEFAULT false NOT NULL,
	"pinned" boolean DEFAULT false NOT NULL,
	"last_message_at" timestamp with time zone,
	"wa_timestamp" timestamp with time zone,
	"description" text,
	"owner_wid" text,
	"we_are_member" boolean DEFAULT true NOT NULL,
	"we_are_admin" boolean DEFAULT false NOT NULL,
	"participant_count" integer DEFAULT 0 NOT NULL,
	"deleted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "whatsapp_contacts" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "whatsapp_contacts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"session_id" bigint NOT NULL,
	"wid" text NOT NULL,
	"lid" text,
	"phone" text,
	"name" text,
	"push_name" text,
	"is_business" boolean DEFAULT false NOT NULL,
	"is_my_contact" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "whatsapp_group_participants" (
	"chat_id" bigint NOT NULL,
	"contact_wid" text NOT NULL,
	"is_admin" boolean DEFAULT false NOT NULL,
	"is_super_admin" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "whatsapp_group_participants_chat_id_contact_wid_pk" PRIMARY KEY("chat_id","contact_wid")
);
--> statement-breakpoint
CREATE TABLE "whatsapp_messages" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "whatsapp_messages_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"session_id" bigint NOT NULL,
	"chat_id" bigint NOT NULL,
	"protocol_id" text NOT NULL,
	"from_me" boolean NOT NULL,
	"serialized_id" text NOT NULL,
	"sender_wid" text,
	"body" text DEFAULT '' NOT NULL,
	"type" text DEFAULT 'chat' NOT NULL,
	"timestamp" timestamp with time zone NOT NULL,
	"ack" smallint DEFAULT 0 NOT NULL,
	"has_media" boolean DEFAULT false NOT NULL,
	"is_forwarded" boolean DEFAULT false NOT NULL,
	"quoted_protocol_id" text,
	"edited_at" timestamp with time zone,
	"previous_body" text,
	"revoked_at" timestamp with time zone,
	"source" "message_source" DEFAULT 'live' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "whatsapp_sessions" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "whatsapp_sessions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"name" text NOT NULL,
	"status" "session_status" DEFAULT 'starting' NOT NULL,
	"qr" text,
	"qr_expires_at" timestamp with time zone,
	"pairing_code" text,
	"pairing_phone" text,
	"me_wid" text,
	"me_phone" text,
	"push_name" text,
	"wa_version" text,
	"last_event_at" timestamp with time zone,
	"heartbeat_at" timestamp with time zone,
	"lease_owner" text,
	"lease_expires_at" timestamp with time zone,
	"last_error" text,
	"consecutive_restarts" integer DEFAULT 0 NOT NULL,
	"chromium_rss_mb" integer,
	"worker_rss_mb" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "whatsapp_sessions_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "whatsapp_commands" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "whatsapp_commands_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"session_id" bigint NOT NULL,
	"kind" "command_kind" NOT NULL,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"status" "command_status" DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"idempotency_key" text,
	"result" jsonb,
	"progress" jsonb,
	"error" text,
	"run_after" timestamp with time zone DEFAULT now() NOT NULL,
	"claimed_by" text,
	"claimed_at" timestamp with time zone,
	"created_by" text,
	"finished_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_endpoint_id_webhook_endpoints_id_fk" FOREIGN KEY ("endpoint_id") REFERENCES "public"."webhook_endpoints"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "experience_group_bindings" ADD CONSTRAINT "experience_group_bindings_experience_id_experiences_id_fk" FOREIGN KEY ("experience_id") REFERENCES "public"."experiences"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "experience_group_bindings" ADD CONSTRAINT "experience_group_bindings_chat_id_whatsapp_chats_id_fk" FOREIGN KEY ("chat_id") REFERENCES "public"."whatsapp_chats"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "experiences" ADD CONSTRAINT "experiences_organizer_id_organizers_id_fk" FOREIGN KEY ("organizer_id") REFERENCES "public"."organizers"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "experiences" ADD CONSTRAINT "experiences_operator_id_tour_operators_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."tour_operators"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reservations" ADD CONSTRAINT "reservations_experience_id_experiences_id_fk" FOREIGN KEY ("experience_id") REFERENCES "public"."experiences"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tour_operators" ADD CONSTRAINT "tour_operators_organizer_id_organizers_id_fk" FOREIGN KEY ("organizer_id") REFERENCES "public"."organizers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tour_operators" ADD CONSTRAINT "tour_operators_default_group_chat_id_whatsapp_chats_id_fk" FOREIGN KEY ("default_group_chat_id") REFERENCES "public"."whatsapp_chats"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "whatsapp_reservation_requests" ADD CONSTRAINT "whatsapp_reservation_requests_session_id_whatsapp_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."whatsapp_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "whatsapp_reservation_requests" ADD CONSTRAINT "whatsapp_reservation_requests_message_id_whatsapp_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."whatsapp_messages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "whatsapp_reservation_requests" ADD CONSTRAINT "whatsapp_reservation_requests_reservation_id_reservations_id_fk" FOREIGN KEY ("reservation_id") REFERENCES "public"."reservations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "whatsapp_reservation_requests" ADD CONSTRAINT "whatsapp_reservation_requests_experience_id_experiences_id_fk" FOREIGN KEY ("experience_id") REFERENCES "public"."experiences"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "whatsapp_reservation_requests" ADD CONSTRAINT "whatsapp_reservation_requests_operator_id_tour_operators_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."tour_operators"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "whatsapp_reservation_requests" ADD CONSTRAINT "whatsapp_reservation_requests_group_chat_id_whatsapp_chats_id_fk" FOREIGN KEY ("group_chat_id") REFERENCES "public"."whatsapp_chats"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "whatsapp_reservation_requests" ADD CONSTRAINT "whatsapp_reservation_requests_notification_command_id_whatsapp_commands_id_fk" FOREIGN KEY ("notification_command_id") REFERENCES "public"."whatsapp_commands"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "whatsapp_chats" ADD CONSTRAINT "whatsapp_chats_session_id_whatsapp_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."whatsapp_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "whatsapp_contacts" ADD CONSTRAINT "whatsapp_contacts_session_id_whatsapp_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."whatsapp_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "whatsapp_group_participants" ADD CONSTRAINT "whatsapp_group_participants_chat_id_whatsapp_chats_id_fk" FOREIGN KEY ("chat_id") REFERENCES "public"."whatsapp_chats"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "whatsapp_messages" ADD CONSTRAINT "whatsapp_messages_session_id_whatsapp_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."whatsapp_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "whatsapp_messages" ADD CONSTRAINT "whatsapp_messages_chat_id_whatsapp_chats_id_fk" FOREIGN KEY ("chat_id") REFERENCES "public"."whatsapp_chats"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "whatsapp_commands" ADD CONSTRAINT "whatsapp_commands_session_id_whatsapp_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."whatsapp_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "rate_limits_window_idx" ON "rate_limits" USING btree ("window_start");--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_lower_uq" ON "users" USING btree (lower("email"));--> statement-breakpoint
CREATE INDEX "audit_log_created_idx" ON "audit_log" USING btree ("created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "audit_log_target_idx" ON "audit_log" USING btree ("target_type","target_id");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_due_idx" ON "webhook_deliveries" USING btree ("status","next_attempt_at");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_endpoint_idx" ON "webhook_deliveries" USING btree ("endpoint_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "experience_group_bindings_kind_uq" ON "experience_group_bindings" USING btree ("experience_id","is_override");--> statement-breakpoint
CREATE INDEX "experience_group_bindings_chat_idx" ON "experience_group_bindings" USING btree ("chat_id");--> statement-breakpoint
CREATE INDEX "experiences_organizer_idx" ON "experiences" USING btree ("organizer_id");--> statement-breakpoint
CREATE INDEX "experiences_operator_idx" ON "experiences" USING btree ("operator_id");--> statement-breakpoint
CREATE INDEX "experiences_title_lower_idx" ON "experiences" USING btree (lower("title"));--> statement-breakpoint
CREATE INDEX "reservations_experience_idx" ON "reservations" USING btree ("experience_id");--> statement-breakpoint
CREATE INDEX "tour_operators_organizer_idx" ON "tour_operators" USING btree ("organizer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "tour_operators_one_system_per_organizer_uq" ON "tour_operators" USING btree ("organizer_id") WHERE "tour_operators"."is_system_created";--> statement-breakpoint
CREATE UNIQUE INDEX "whatsapp_reservation_requests_message_code_uq" ON "whatsapp_reservation_requests" USING btree ("message_id","code");--> statement-breakpoint
CREATE INDEX "whatsapp_reservation_requests_status_idx" ON "whatsapp_reservation_requests" USING btree ("status","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "whatsapp_reservation_requests_code_idx" ON "whatsapp_reservation_requests" USING btree ("code");--> statement-breakpoint
CREATE UNIQUE INDEX "whatsapp_chats_session_wa_id_uq" ON "whatsapp_chats" USING btree ("session_id","wa_id");--> statement-breakpoint
CREATE INDEX "whatsapp_chats_list_idx" ON "whatsapp_chats" USING btree ("session_id","last_message_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "whatsapp_chats_groups_idx" ON "whatsapp_chats" USING btree ("session_id","name") WHERE "whatsapp_chats"."is_group";--> statement-breakpoint
CREATE INDEX "whatsapp_chats_name_lower_idx" ON "whatsapp_chats" USING btree ("session_id",lower("name"));--> statement-breakpoint
CREATE UNIQUE INDEX "whatsapp_contacts_session_wid_uq" ON "whatsapp_contacts" USING btree ("session_id","wid");--> statement-breakpoint
CREATE INDEX "whatsapp_contacts_session_lid_idx" ON "whatsapp_contacts" USING btree ("session_id","lid");--> statement-breakpoint
CREATE INDEX "whatsapp_contacts_session_phone_idx" ON "whatsapp_contacts" USING btree ("session_id","phone");--> statement-breakpoint
CREATE UNIQUE INDEX "whatsapp_messages_idempotency_uq" ON "whatsapp_messages" USING btree ("session_id","protocol_id","from_me");--> statement-breakpoint
CREATE INDEX "whatsapp_messages_chat_time_idx" ON "whatsapp_messages" USING btree ("chat_id","timestamp" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "whatsapp_messages_session_time_idx" ON "whatsapp_messages" USING btree ("session_id","timestamp");--> statement-breakpoint
CREATE UNIQUE INDEX "whatsapp_commands_idempotency_uq" ON "whatsapp_commands" USING btree ("session_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "whatsapp_commands_pending_idx" ON "whatsapp_commands" USING btree ("session_id","run_after","id") WHERE "whatsapp_commands"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "whatsapp_commands_status_idx" ON "whatsapp_commands" USING btree ("status","created_at");