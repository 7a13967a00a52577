-- Back-fill whatsapp_commands.purpose / request_id / attempt from the conventions they replace: the purpose and
-- request id lived in payload->'purpose', the attempt in the idempotency key `request:<id>:notify:<n>`.
-- Commands of requests that no longer exist keep no purpose (nothing could react to them before either).
UPDATE "whatsapp_commands" AS c
SET "purpose" = (c."payload"->'purpose'->>'type')::"command_purpose",
    "request_id" = r."id",
    "attempt" = CASE
      WHEN c."payload"->'purpose'->>'type' = 'reservation_request'
        THEN coalesce(substring(c."idempotency_key" from '^request:\d+:notify:(\d+)$')::int, greatest(r."notify_attempts", 1))
    END
FROM "whatsapp_reservation_requests" AS r
WHERE c."purpose" IS NULL
  AND c."payload"->'purpose'->>'type' IN ('reservation_request', 'request_reply')
  AND c."payload"->'purpose'->>'requestId' ~ '^\d{1,18}$'
  AND r."id" = (c."payload"->'purpose'->>'requestId')::bigint;
