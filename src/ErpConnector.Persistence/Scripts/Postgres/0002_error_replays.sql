-- Audit of operator replays of dead-lettered deal.won messages (POST /api/errors/deal-won/replay).
CREATE TABLE error_replays (
    id             BIGSERIAL PRIMARY KEY,
    at             BIGINT NOT NULL,
    operator       TEXT   NOT NULL,
    queue          TEXT   NOT NULL,
    message_id     TEXT   NOT NULL,
    deal_id        TEXT   NULL,
    fault_message  TEXT   NULL,
    reason         TEXT   NULL,
    outcome        TEXT   NOT NULL
);
CREATE INDEX ix_error_replays_at ON error_replays (at);
