-- No query reads every pending offer by expiry (expiry is swept per request, through request_id), but with
-- statistics taken before a burst of new offers PostgreSQL chose this index for a mediator's pending
-- list and walked every pending offer of every mediator. offers_pending_by_mediator_idx (0008) serves it.
DROP INDEX "offers_pending_expiry_idx";
