-- Pairing codes used to be kept in the command result, which read access can fetch: drop them.
UPDATE "whatsapp_commands" SET "result" = jsonb_build_object('codeIssued', true)
WHERE "kind" = 'request_pairing_code' AND "result" ? 'code';
