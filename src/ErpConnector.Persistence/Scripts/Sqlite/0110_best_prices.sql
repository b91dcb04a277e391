-- The best price across distributors. Times are Unix milliseconds (UTC); prices are canonical decimal text.

-- Each price row's product key across feeds (GTIN-14 or VENDOR:PART, see ProductKey) and what the feed says about
-- stock (1 in stock, 0 out of stock, NULL not said). Both NULL for feeds that do not carry them, so the partial index
-- costs nothing to such feeds' million-row loads.
ALTER TABLE distributor_prices ADD COLUMN product_key TEXT NULL;
ALTER TABLE distributor_prices ADD COLUMN in_stock INTEGER NULL;
CREATE INDEX ix_distributor_prices_product ON distributor_prices (product_key) WHERE product_key IS NOT NULL;

-- Products an applied run touched (key before and after), written in the run's apply transaction; the recompute
-- after the run reads and clears them. A feed's first load queues nothing: all its products are recomputed.
CREATE TABLE distributor_best_price_queue (
    run_id       TEXT NOT NULL,
    product_key  TEXT NOT NULL,
    PRIMARY KEY (run_id, product_key)
) WITHOUT ROWID;

-- The chosen offer per product (no row: no distributor qualifies).
CREATE TABLE distributor_best_prices (
    product_key  TEXT    NOT NULL PRIMARY KEY,
    feed_id      TEXT    NOT NULL,
    sku          TEXT    NOT NULL,
    price        TEXT    NOT NULL,
    currency     TEXT    NOT NULL,
    run_id       TEXT    NOT NULL,
    updated_at   INTEGER NOT NULL
) WITHOUT ROWID;

-- Changes of the choice per run: the outbox of BestPriceChanged (ids in the order the recompute found them).
CREATE TABLE distributor_best_price_changes (
    id            INTEGER PRIMARY KEY,
    run_id        TEXT    NOT NULL,
    product_key   TEXT    NOT NULL,
    old_feed_id   TEXT    NULL,
    old_sku       TEXT    NULL,
    old_price     TEXT    NULL,
    old_currency  TEXT    NULL,
    new_feed_id   TEXT    NULL,
    new_sku       TEXT    NULL,
    new_price     TEXT    NULL,
    new_currency  TEXT    NULL,
    at            INTEGER NOT NULL
);
CREATE INDEX ix_distributor_best_price_changes_run ON distributor_best_price_changes (run_id, id);

-- A run whose recompute committed: a second publish attempt (crash before the events went out) re-sends its changes
-- instead of recomputing against a table that already holds them.
CREATE TABLE distributor_best_price_runs (
    run_id       TEXT    NOT NULL PRIMARY KEY,
    feed_id      TEXT    NOT NULL,
    recomputed   INTEGER NOT NULL,
    changed      INTEGER NOT NULL,
    at           INTEGER NOT NULL
);
