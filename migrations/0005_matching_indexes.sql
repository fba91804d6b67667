CREATE INDEX "assignments_request_id_index" ON "assignments" USING btree ("request_id");--> statement-breakpoint
CREATE INDEX "assignments_starts_at_index" ON "assignments" USING btree ("starts_at");--> statement-breakpoint
CREATE INDEX "requests_case_ref_idx" ON "requests" USING btree ("organization_id","case_ref") WHERE "requests"."case_ref" IS NOT NULL;