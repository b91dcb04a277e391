-- The deal ledger: one row per deal, the step it reached, and when it is next due.
-- Times are Unix milliseconds (UTC) so comparisons are plain integer compares on every engine.
CREATE TABLE deals (
    deal_id                 TEXT    NOT NULL PRIMARY KEY,
    event_id                TEXT    NOT NULL,
    state                   TEXT    NOT NULL,
    uncertain               INTEGER NOT NULL DEFAULT 0,
    resend_pending          INTEGER NOT NULL DEFAULT 0,
    failed_step             TEXT    NULL,
    stuck                   INTEGER NOT NULL DEFAULT 0,
    payload                 TEXT    NOT NULL,
    customer_document       TEXT    NULL,
    customer_code           TEXT    NULL,
    omie_customer_id        INTEGER NULL,
    order_code              TEXT    NULL,
    omie_order_id           INTEGER NULL,
    order_number            TEXT    NULL,
    nfse_number             TEXT    NULL,
    nfse_verification_code  TEXT    NULL,
    nfse_url                TEXT    NULL,
    issued_at               INTEGER NULL,
    total                   TEXT    NOT NULL,
    attempts                INTEGER NOT NULL DEFAULT 0,
    error_category          TEXT    NULL,
    error_code              TEXT    NULL,
    error_message           TEXT    NULL,
    corrective_action       TEXT    NULL,
    next_due_at             INTEGER NULL,
    lease_owner             TEXT    NULL,
    lease_until             INTEGER NULL,
    state_since             INTEGER NOT NULL,
    created_at              INTEGER NOT NULL,
    updated_at              INTEGER NOT NULL,
    version                 INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX ix_deals_next_due_at ON deals (next_due_at) WHERE next_due_at IS NOT NULL;
CREATE INDEX ix_deals_state ON deals (state, updated_at);

CREATE TABLE deal_history (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    deal_id  TEXT    NOT NULL,
    at       INTEGER NOT NULL,
    state    TEXT    NOT NULL,
    note     TEXT    NOT NULL
);
CREATE INDEX ix_deal_history_deal ON deal_history (deal_id, id);

-- De-duplication of bus deliveries: an event id is processed once.
CREATE TABLE processed_events (
    event_id    TEXT    NOT NULL PRIMARY KEY,
    deal_id     TEXT    NOT NULL,
    received_at INTEGER NOT NULL
);
