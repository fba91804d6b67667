DROP INDEX "requests_organization_id_starts_at_index";--> statement-breakpoint
CREATE INDEX "requests_by_organization_idx" ON "requests" USING btree ("organization_id","starts_at","id");--> statement-breakpoint
CREATE INDEX "requests_by_language_idx" ON "requests" USING btree ("language_code","starts_at","id");