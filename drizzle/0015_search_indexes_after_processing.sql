CREATE INDEX "whatsapp_messages_search_time_idx" ON "whatsapp_messages" USING btree ("timestamp" DESC NULLS FIRST,"id" DESC NULLS FIRST) WHERE "whatsapp_messages"."system" = false;--> statement-breakpoint
-- The search GIN indexes hold processed messages only. A live customer message is inserted unprocessed and the
-- processors' update (processed_at, lib/whatsapp/message-processing.ts) already writes a new row version into
-- every index; indexing it there instead of in the insert takes the two to_tsvector parses and the trigrams out
-- of the ingest transaction and stops paying them twice. Search adds unprocessed rows through
-- whatsapp_messages_unprocessed_idx (lib/whatsapp/search-page.ts).
DROP INDEX IF EXISTS whatsapp_messages_search_idx;--> statement-breakpoint
CREATE INDEX whatsapp_messages_search_idx ON whatsapp_messages
  USING gin (tuki_message_tsv(body)) WHERE system = false AND processed_at IS NOT NULL;--> statement-breakpoint
DROP INDEX IF EXISTS whatsapp_messages_body_trgm_idx;--> statement-breakpoint
CREATE INDEX whatsapp_messages_body_trgm_idx ON whatsapp_messages
  USING gin (tuki_unaccent(body) gin_trgm_ops) WHERE system = false AND processed_at IS NOT NULL;
