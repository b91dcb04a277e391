-- Distributor price snapshots on PostgreSQL: the same tables as Scripts/Sqlite/0100. Times are Unix milliseconds
-- (UTC), as everywhere in this schema; prices are canonical decimal text (no trailing zeros), so equality in SQL is
-- equality of value and both providers hand back exactly what was stored. sku_key and row_hash are 64-bit XxHash3
-- fingerprints stored as BIGINT (the unsigned value reinterpreted as signed).

-- The live snapshot: one row per distributor feed + SKU. Only a run that passed its guards writes here, in one
-- transaction (PostgresPriceStaging.ApplyAsync).
CREATE TABLE distributor_prices (
    feed_id        TEXT    NOT NULL,
    sku            TEXT    NOT NULL,
    sku_key        BIGINT  NOT NULL,
    row_hash       BIGINT  NOT NULL,
    price          TEXT    NOT NULL,
    currency       TEXT    NOT NULL,
    retail_price   TEXT    NULL,
    description    TEXT    NULL,
    first_seen_at  BIGINT  NOT NULL,
    updated_at     BIGINT  NOT NULL,
    PRIMARY KEY (feed_id, sku)
);

-- Price changes per applied run (not for a feed's first load). Also the outbox of DistributorPricesChanged:
-- ids follow the order the run wrote them.
CREATE TABLE distributor_price_history (
    id             BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    feed_id        TEXT    NOT NULL,
    sku            TEXT    NOT NULL,
    run_id         TEXT    NOT NULL,
    at             BIGINT  NOT NULL,
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
    forced            BOOLEAN NOT NULL DEFAULT FALSE,
    status            TEXT    NOT NULL,  -- queued | running | applied | rejected | failed | interrupted
    reason            TEXT    NULL,
    message           TEXT    NULL,
    rows_read         BIGINT  NOT NULL DEFAULT 0,
    rows_valid        BIGINT  NOT NULL DEFAULT 0,
    rows_malformed    BIGINT  NOT NULL DEFAULT 0,
    rows_expected     BIGINT  NULL,
    added             BIGINT  NOT NULL DEFAULT 0,
    changed           BIGINT  NOT NULL DEFAULT 0,
    removed           BIGINT  NOT NULL DEFAULT 0,
    unchanged         BIGINT  NOT NULL DEFAULT 0,
    bytes_read        BIGINT  NOT NULL DEFAULT 0,
    bytes_total       BIGINT  NULL,
    row_count_before  BIGINT  NOT NULL DEFAULT 0,
    row_count_after   BIGINT  NULL,
    malformed_lines   TEXT    NULL,      -- JSON [{line, reason, raw}]
    created_at        BIGINT  NOT NULL,
    started_at        BIGINT  NULL,
    finished_at       BIGINT  NULL,
    heartbeat_at      BIGINT  NOT NULL,
    events_published  BOOLEAN NOT NULL DEFAULT FALSE
);
-- At most one live run per feed, whichever instance or trigger asks.
CREATE UNIQUE INDEX ux_distributor_feed_runs_live ON distributor_feed_runs (feed_id) WHERE status IN ('queued', 'running');
CREATE INDEX ix_distributor_feed_runs_feed ON distributor_feed_runs (feed_id, created_at);
CREATE INDEX ix_distributor_feed_runs_unpublished ON distributor_feed_runs (feed_id, finished_at) WHERE events_published = FALSE;

CREATE TABLE distributor_feed_state (
    feed_id           TEXT    NOT NULL PRIMARY KEY,
    last_good_run_id  TEXT    NULL,
    last_good_at      BIGINT  NULL,
    row_count         BIGINT  NOT NULL DEFAULT 0,
    last_run_id       TEXT    NULL,
    last_run_status   TEXT    NULL,
    last_run_at       BIGINT  NULL
);
