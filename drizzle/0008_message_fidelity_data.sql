-- Custom SQL migration file, put your code below! --
-- Messages stored before the system/conversation split (lib/whatsapp/message-types.ts): mark the system events.
UPDATE "whatsapp_messages" SET "system" = true WHERE "type" NOT IN ('chat', 'image', 'video', 'audio', 'ptt', 'ptv', 'document', 'sticker', 'album', 'location', 'vcard', 'multi_vcard', 'revoked', 'order', 'product', 'groups_v4_invite', 'list', 'list_response', 'buttons_response', 'template_button_reply', 'interactive', 'poll_creation', 'scheduled_event_creation');
