-- Omie's push deliveries (POST /webhooks/omie/{token}), de-duplicated by Omie's messageId. Recorded before the
-- answer, processed behind it: status received → processed | ignored (unknown topic) | unknown-deal.
-- A delivery still 'received' after a crash is picked up by the sweeper. Times are Unix milliseconds (UTC).
CREATE TABLE omie_push_deliveries (
    message_id    TEXT    NOT NULL PRIMARY KEY,
    topic         TEXT    NOT NULL,
    omie_order_id BIGINT  NULL,
    deal_id       TEXT    NULL,
    body          TEXT    NOT NULL,
    status        TEXT    NOT NULL,
    attempts      INTEGER NOT NULL DEFAULT 0,
    received_at   BIGINT  NOT NULL,
    processed_at  BIGINT  NULL
);
CREATE INDEX ix_omie_push_deliveries_pending ON omie_push_deliveries (status, received_at);
CREATE INDEX ix_omie_push_deliveries_order ON omie_push_deliveries (omie_order_id);
