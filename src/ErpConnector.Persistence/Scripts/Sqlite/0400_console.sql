-- The console (issue 13). Data-protection keys live in the ledger's database so every instance behind one load
-- balancer reads the same key ring and accepts the others' session cookies (IXmlRepository, LedgerKeyRing).
CREATE TABLE data_protection_keys (
    name        TEXT    NOT NULL PRIMARY KEY,
    xml         TEXT    NOT NULL,
    created_at  INTEGER NOT NULL
);

-- Every action taken in the console, with who took it (Unix milliseconds, UTC).
CREATE TABLE console_actions (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    at       INTEGER NOT NULL,
    who      TEXT    NOT NULL,
    action   TEXT    NOT NULL,
    target   TEXT    NOT NULL,
    outcome  TEXT    NOT NULL,
    detail   TEXT    NULL
);
CREATE INDEX ix_console_actions_at ON console_actions (at);
