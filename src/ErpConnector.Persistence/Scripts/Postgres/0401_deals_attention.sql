-- The console's lists without scanning the ledger: deals needing attention, newest change first (a partial index
-- whose predicate the attention query repeats word for word), and deals by creation time for the overview's
-- "today / this month" counts.
CREATE INDEX ix_deals_attention ON deals (updated_at, deal_id)
    WHERE state IN ('failed', 'rejected') OR stuck = TRUE OR uncertain = TRUE;
CREATE INDEX ix_deals_created ON deals (created_at, state);
