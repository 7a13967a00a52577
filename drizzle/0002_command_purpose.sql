CREATE TYPE "public"."command_purpose" AS ENUM('reservation_request', 'request_reply');--> statement-breakpoint
ALTER TABLE "whatsapp_commands" ADD COLUMN "purpose" "command_purpose";--> statement-breakpoint
ALTER TABLE "whatsapp_commands" ADD COLUMN "request_id" bigint;--> statement-breakpoint
ALTER TABLE "whatsapp_commands" ADD COLUMN "attempt" integer;--> statement-breakpoint
ALTER TABLE "whatsapp_commands" ADD CONSTRAINT "whatsapp_commands_request_id_whatsapp_reservation_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."whatsapp_reservation_requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "whatsapp_commands_request_idx" ON "whatsapp_commands" USING btree ("request_id","purpose") WHERE "whatsapp_commands"."request_id" is not null;--> statement-breakpoint
ALTER TABLE "whatsapp_commands" ADD CONSTRAINT "whatsapp_commands_purpose_request_ck" CHECK (("whatsapp_commands"."purpose" is null) = ("whatsapp_commands"."request_id" is null));--> statement-breakpoint
ALTER TABLE "whatsapp_commands" ADD CONSTRAINT "whatsapp_commands_notification_attempt_ck" CHECK ("whatsapp_commands"."purpose" <> 'reservation_request' or "whatsapp_commands"."attempt" is not null);