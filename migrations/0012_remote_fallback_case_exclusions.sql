CREATE TABLE "case_exclusions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"mediator_id" uuid NOT NULL,
	"organization_id" uuid NOT NULL,
	"case_ref" text NOT NULL,
	"reason" text,
	"created_by_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "outbox" DROP CONSTRAINT "outbox_kind_check";--> statement-breakpoint
ALTER TABLE "requests" ADD COLUMN "remote_fallback" text;--> statement-breakpoint
ALTER TABLE "requests" ADD COLUMN "original_mode" text;--> statement-breakpoint
ALTER TABLE "case_exclusions" ADD CONSTRAINT "case_exclusions_mediator_id_mediators_id_fk" FOREIGN KEY ("mediator_id") REFERENCES "public"."mediators"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_exclusions" ADD CONSTRAINT "case_exclusions_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_exclusions" ADD CONSTRAINT "case_exclusions_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "case_exclusions_unique" ON "case_exclusions" USING btree ("mediator_id","organization_id","case_ref");--> statement-breakpoint
CREATE INDEX "case_exclusions_case_idx" ON "case_exclusions" USING btree ("organization_id","case_ref");--> statement-breakpoint
ALTER TABLE "requests" ADD CONSTRAINT "requests_remote_fallback_check" CHECK ("requests"."remote_fallback" IN ('phone', 'video'));--> statement-breakpoint
ALTER TABLE "requests" ADD CONSTRAINT "requests_original_mode_check" CHECK ("requests"."original_mode" IN ('in_person', 'phone', 'video'));--> statement-breakpoint
ALTER TABLE "outbox" ADD CONSTRAINT "outbox_kind_check" CHECK ("outbox"."kind" IN ('offer', 'assigned', 'cancelled', 'unfilled', 'remote_fallback', 'offer_withdrawn', 'assignment_cancelled', 'reminder', 'request_assigned', 'request_unfilled', 'needs_confirmation'));