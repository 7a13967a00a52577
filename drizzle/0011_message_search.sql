-- Message search (lib/whatsapp/search-messages.ts): full-text in Spanish and English, accent-insensitive, plus
-- trigrams for partial words, numbers and names.
CREATE EXTENSION IF NOT EXISTS unaccent;--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
-- Text search configurations that strip accents before stemming, so "reunion" and "reunión" are one lexeme AND
-- ts_headline can mark the words in the original (accented) text.
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'tuki_spanish') THEN
    CREATE TEXT SEARCH CONFIGURATION tuki_spanish (COPY = pg_catalog.spanish);
    ALTER TEXT SEARCH CONFIGURATION tuki_spanish ALTER MAPPING FOR hword, hword_part, word WITH unaccent, spanish_stem;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'tuki_english') THEN
    CREATE TEXT SEARCH CONFIGURATION tuki_english (COPY = pg_catalog.english);
    ALTER TEXT SEARCH CONFIGURATION tuki_english ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem;
  END IF;
END $$;--> statement-breakpoint
-- unaccent() is only STABLE (its dictionary could be changed); index expressions need IMMUTABLE, so these
-- wrappers name the dictionary and configurations explicitly and promise not to change them.
CREATE OR REPLACE FUNCTION tuki_unaccent(text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, lower($1)) $$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION tuki_message_tsv(text) RETURNS tsvector
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT to_tsvector('public.tuki_spanish'::regconfig, coalesce($1, ''))
            || to_tsvector('public.tuki_english'::regconfig, coalesce($1, '')) $$;--> statement-breakpoint
-- System events (encryption notices, call logs…) are never searched: left out of both indexes.
CREATE INDEX IF NOT EXISTS whatsapp_messages_search_idx ON whatsapp_messages
  USING gin (tuki_message_tsv(body)) WHERE system = false;--> statement-breakpoint
CREATE INDEX IF NOT EXISTS whatsapp_messages_body_trgm_idx ON whatsapp_messages
  USING gin (tuki_unaccent(body) gin_trgm_ops) WHERE system = false;--> statement-breakpoint
CREATE INDEX IF NOT EXISTS whatsapp_chats_name_trgm_idx ON whatsapp_chats
  USING gin (tuki_unaccent(coalesce(name, '') || ' ' || split_part(wa_id, '@', 1)) gin_trgm_ops);--> statement-breakpoint
CREATE INDEX IF NOT EXISTS whatsapp_contacts_name_trgm_idx ON whatsapp_contacts
  USING gin (tuki_unaccent(coalesce(name, '') || ' ' || coalesce(push_name, '') || ' ' || coalesce(phone, '')) gin_trgm_ops);
