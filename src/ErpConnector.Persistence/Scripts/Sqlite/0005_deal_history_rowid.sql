-- deal_history without AUTOINCREMENT. Its ids only need to grow, and history lines are never deleted, so the
-- largest id + 1 that a plain INTEGER PRIMARY KEY takes is the same sequence; AUTOINCREMENT also read and wrote
-- sqlite_sequence on every line (several per deal) and put that page into every ledger commit (BENCHMARKS.md,
-- issue 15 fourth pass: ≈ 1.8 µs of CPU a line). The table is copied once, ids kept (a few seconds per million lines).
CREATE TABLE deal_history_rowid (
    id       INTEGER PRIMARY KEY,
    deal_id  TEXT    NOT NULL,
    at       INTEGER NOT NULL,
    state    TEXT    NOT NULL,
    note     TEXT    NOT NULL
);
INSERT INTO deal_history_rowid (id, deal_id, at, state, note) SELECT id, deal_id, at, state, note FROM deal_history ORDER BY id;
DROP TABLE deal_history;
ALTER TABLE deal_history_rowid RENAME TO deal_history;
CREATE INDEX ix_deal_history_deal ON deal_history (deal_id, id);
