-- Webhook deliveries seen (SalesOS today): a delivery id is published once. status: received → published.
-- Times are Unix milliseconds (UTC).
CREATE TABLE webhook_deliveries (
    source        TEXT    NOT NULL,
    delivery_id   TEXT    NOT NULL,
    event_type    TEXT    NOT NULL,
    deal_id       TEXT    NULL,
    status        TEXT    NOT NULL,
    received_at   INTEGER NOT NULL,
    published_at  INTEGER NULL,
    PRIMARY KEY (source, delivery_id)
);
CREATE INDEX ix_webhook_deliveries_received_at ON webhook_deliveries (received_at);
