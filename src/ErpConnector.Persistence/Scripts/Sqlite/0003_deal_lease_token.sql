-- Fencing: every claim stamps the lease with a token (the deal's version at the claim). A worker renews and proves
-- its lease with that token before each Omie write, so a worker whose lease was taken over cannot write.
ALTER TABLE deals ADD COLUMN lease_token INTEGER NULL;
-- Terminal deals are never stuck (an earlier version left the flag on issued deals).
UPDATE deals SET stuck = 0 WHERE state IN ('issued', 'failed', 'rejected');
