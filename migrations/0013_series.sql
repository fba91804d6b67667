CREATE TABLE "series" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"created_by_user_id" uuid,
	"lead_request_id" uuid,
	"whole_offer_until" timestamp with time zone,
	"skipped" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
DROP INDEX "offers_request_mediator_unique";--> statement-breakpoint
ALTER TABLE "offers" ADD COLUMN "series_id" uuid;--> statement-breakpoint
ALTER TABLE "requests" ADD COLUMN "series_id" uuid;--> statement-breakpoint
ALTER TABLE "series" ADD CONSTRAINT "series_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "series" ADD CONSTRAINT "series_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "offers" ADD CONSTRAINT "offers_series_id_series_id_fk" FOREIGN KEY ("series_id") REFERENCES "public"."series"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "requests" ADD CONSTRAINT "requests_series_id_series_id_fk" FOREIGN KEY ("series_id") REFERENCES "public"."series"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "offers_series_mediator_unique" ON "offers" USING btree ("series_id","mediator_id") WHERE "offers"."series_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "requests_series_idx" ON "requests" USING btree ("series_id","starts_at") WHERE "requests"."series_id" IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "offers_request_mediator_unique" ON "offers" USING btree ("request_id","mediator_id") WHERE "offers"."series_id" IS NULL;