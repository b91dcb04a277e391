-- Distributor price snapshots. Times are Unix milliseconds (UTC); prices are canonical decimal text
-- (no trailing zeros), so equality in SQL is equality of value.

-- The live snapshot: one row per distributor feed + SKU. Only a run that passed its guards writes here,
-- in one transaction. sku_key and row_hash are 64-bit XxHash3 fingerprints: the run diffs against them
-- without loading SKU strings. Rows stay narrow (no run id: the history has it) because a first load
-- writes a million of them in one go.
CREATE TABLE distributor_prices (
    feed_id        TEXT    NOT NULL,
    sku            TEXT    NOT NULL,
    sku_key        INTEGER NOT NULL,
    row_hash       INTEGER NOT NULL,
    price          TEXT    NOT NULL,
    currency       TEXT    NOT NULL,
    retail_price   TEXT    NULL,
    description    TEXT    NULL,
    first_seen_at  INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    PRIMARY KEY (feed_id, sku)
) WITHOUT ROWID;

-- Price changes per applied run (not for a feed's first load). Also the outbox of DistributorPricesChanged.
CREATE TABLE distributor_price_history (
    id             INTEGER PRIMARY KEY,
    feed_id        TEXT    NOT NULL,
    sku            TEXT    NOT NULL,
    run_id         TEXT    NOT NULL,
    at             INTEGER NOT NULL,
    kind           TEXT    NOT NULL,  -- added | changed | removed
    old_price      TEXT    NULL,
    new_price      TEXT    NULL,
    old_currency   TEXT    NULL,
    new_currency   TEXT    NULL
);
CREATE INDEX ix_distributor_price_history_sku ON distributor_price_history (feed_id, sku, id);
CREATE INDEX ix_distributor_price_history_run ON distributor_price_history (run_id, id);

CREATE TABLE distributor_feed_runs (
    run_id            TEXT    NOT NULL PRIMARY KEY,
    feed_id           TEXT    NOT NULL,
    trigger           TEXT    NOT NULL,
    forced            INTEGER NOT NULL DEFAULT 0,
    status            TEXT    NOT NULL,  -- queued | running | applied | rejected | failed | interrupted
    reason            TEXT    NULL,
    message           TEXT    NULL,
    rows_read         INTEGER NOT NULL DEFAULT 0,
    rows_valid        INTEGER NOT NULL DEFAULT 0,
    rows_malformed    INTEGER NOT NULL DEFAULT 0,
    rows_expected     INTEGER NULL,
    added             INTEGER NOT NULL DEFAULT 0,
    changed           INTEGER NOT NULL DEFAULT 0,
    removed           INTEGER NOT NULL DEFAULT 0,
    unchanged         INTEGER NOT NULL DEFAULT 0,
    bytes_read        INTEGER NOT NULL DEFAULT 0,
    bytes_total       INTEGER NULL,
    row_count_before  INTEGER NOT NULL DEFAULT 0,
    row_count_after   INTEGER NULL,
    malformed_lines   TEXT    NULL,      -- JSON [{line, reason, raw}]
    created_at        INTEGER NOT NULL,
    started_at        INTEGER NULL,
    finished_at       INTEGER NULL,
    heartbeat_at      INTEGER NOT NULL,
    events_published  INTEGER NOT NULL DEFAULT 0
);
-- At most one live run per feed, whichever instance or trigger asks.
CREATE UNIQUE INDEX ux_distributor_feed_runs_live ON distributor_feed_runs (feed_id) WHERE status IN ('queued', 'running');
CREATE INDEX ix_distributor_feed_runs_feed ON distributor_feed_runs (feed_id, created_at);
CREATE INDEX ix_distributor_feed_runs_unpublished ON distributor_feed_runs (feed_id, finished_at) WHERE events_published = 0;

CREATE TABLE distributor_feed_state (
    feed_id           TEXT    NOT NULL PRIMARY KEY,
    last_good_run_id  TEXT    NULL,
    last_good_at      INTEGER NULL,
    row_count         INTEGER NOT NULL DEFAULT 0,
    last_run_id       TEXT    NULL,
    last_run_status   TEXT    NULL,
    last_run_at       INTEGER NULL
);
