-- The deal ledger on PostgreSQL (scale-out provider): the same rows as Scripts/Sqlite/0001, shared by every
-- instance. Times are Unix milliseconds (UTC), as on SQLite, so both ledgers compare plain integers.
-- Versioned and run once by DbUp (journal table "schemaversions"); never edit a shipped script, add a new one.
-- Numbering: 0001-0099 ledger/de-duplication/replay, 0100-0199 distributor prices, 0200+ production.
CREATE TABLE deals (
    deal_id                 TEXT          NOT NULL PRIMARY KEY,
    event_id                TEXT          NOT NULL,
    state                   TEXT          NOT NULL,
    uncertain               BOOLEAN       NOT NULL DEFAULT FALSE,
    resend_pending          BOOLEAN       NOT NULL DEFAULT FALSE,
    failed_step             TEXT          NULL,
    stuck                   BOOLEAN       NOT NULL DEFAULT FALSE,
    payload                 TEXT          NOT NULL,
    customer_document       TEXT          NULL,
    customer_code           TEXT          NULL,
    omie_customer_id        BIGINT        NULL,
    order_code              TEXT          NULL,
    omie_order_id           BIGINT        NULL,
    order_number            TEXT          NULL,
    nfse_number             TEXT          NULL,
    nfse_verification_code  TEXT          NULL,
    nfse_url                TEXT          NULL,
    issued_at               BIGINT        NULL,
    total                   NUMERIC(18,2) NOT NULL,
    attempts                INTEGER       NOT NULL DEFAULT 0,
    error_category          TEXT          NULL,
    error_code              TEXT          NULL,
    error_message           TEXT          NULL,
    corrective_action       TEXT          NULL,
    next_due_at             BIGINT        NULL,
    lease_owner             TEXT          NULL,
    lease_until             BIGINT        NULL,
    state_since             BIGINT        NOT NULL,
    created_at              BIGINT        NOT NULL,
    updated_at              BIGINT        NOT NULL,
    version                 BIGINT        NOT NULL DEFAULT 0
);
CREATE INDEX ix_deals_next_due_at ON deals (next_due_at) WHERE next_due_at IS NOT NULL;
CREATE INDEX ix_deals_state ON deals (state, updated_at);
CREATE INDEX ix_deals_open_created ON deals (created_at) WHERE stuck = FALSE AND state NOT IN ('issued', 'failed', 'rejected');

CREATE TABLE deal_history (
    id       BIGSERIAL PRIMARY KEY,
    deal_id  TEXT      NOT NULL,
    at       BIGINT    NOT NULL,
    state    TEXT      NOT NULL,
    note     TEXT      NOT NULL
);
CREATE INDEX ix_deal_history_deal ON deal_history (deal_id, id);

-- De-duplication of bus deliveries: an event id is processed once, whichever instance receives it.
CREATE TABLE processed_events (
    event_id    TEXT   NOT NULL PRIMARY KEY,
    deal_id     TEXT   NOT NULL,
    received_at BIGINT NOT NULL
);
