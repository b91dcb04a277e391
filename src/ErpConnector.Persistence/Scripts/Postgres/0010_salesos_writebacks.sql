-- The SalesOS write-back outbox: one row per deal, holding the latest state to show on the SalesOS deal.
-- Enlisted in the same transaction as the deal's save; a later state replaces a pending one (seq = the deal's
-- version at that save), so a late 'issued' never overwrites 'cancelled'. status: pending → delivered.
-- Times are Unix milliseconds (UTC).
CREATE TABLE salesos_writebacks (
    deal_id          TEXT    NOT NULL PRIMARY KEY,
    seq              BIGINT  NOT NULL,
    state            TEXT    NOT NULL,
    content          TEXT    NOT NULL,
    status           TEXT    NOT NULL,
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_due_at      BIGINT  NULL,
    lease_owner      TEXT    NULL,
    lease_until      BIGINT  NULL,
    last_error       TEXT    NULL,
    delivered_seq    BIGINT  NULL,
    delivered_state  TEXT    NULL,
    delivered_at     BIGINT  NULL,
    enlisted_at      BIGINT  NOT NULL,
    updated_at       BIGINT  NOT NULL
);
CREATE INDEX ix_salesos_writebacks_due ON salesos_writebacks (next_due_at);

-- Durable cursors of SalesOS sync jobs (the won-deal catch-up): where the next run starts, when one last ran.
CREATE TABLE salesos_sync (
    name           TEXT    NOT NULL PRIMARY KEY,
    cursor_at      BIGINT  NOT NULL,
    last_run_at    BIGINT  NULL,
    last_found     INTEGER NOT NULL DEFAULT 0,
    updated_at     BIGINT  NOT NULL
);
