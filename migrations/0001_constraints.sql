-- Custom SQL migration file, put your code below! --
CREATE EXTENSION IF NOT EXISTS btree_gist;--> statement-breakpoint
-- One mediator never holds two overlapping active bookings; blocked_until includes the travel buffer.
ALTER TABLE "assignments" ADD CONSTRAINT "assignments_no_overlap" EXCLUDE USING gist ("mediator_id" WITH =, tstzrange("starts_at", "blocked_until") WITH &&) WHERE ("status" = 'active');
