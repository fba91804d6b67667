CREATE INDEX "offers_pending_by_mediator_idx" ON "offers" USING btree ("mediator_id","expires_at") WHERE "offers"."status" = 'pending';--> statement-breakpoint
-- A wave ranks a few dozen mediators: their minutes delivered in the last 30 days are read by mediator,
-- a few index entries each, instead of every completed request of the month (requests_delivered_idx
-- stays for the coordinators' full list and the reports, which read the whole month anyway).
-- (drizzle's index builder has no INCLUDE, so this index lives here only.)
CREATE INDEX "requests_delivered_by_mediator_idx" ON "requests" USING btree ("assigned_mediator_id", "starts_at") INCLUDE ("actual_minutes") WHERE "status" = 'completed';
