-- Deals awaiting the city need finance (issue 11 added the state): the attention index's predicate gains it, and the
-- attention query (DealBoard.NeedsAttention) repeats the new predicate word for word so both engines still use it.
DROP INDEX ix_deals_attention;
CREATE INDEX ix_deals_attention ON deals (updated_at, deal_id)
    WHERE state IN ('failed', 'rejected', 'awaiting-city') OR stuck = TRUE OR uncertain = TRUE;
