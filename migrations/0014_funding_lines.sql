CREATE TABLE "funding_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"funder" text NOT NULL,
	"code" text,
	"from" date NOT NULL,
	"to" date NOT NULL,
	"budget_minutes" integer NOT NULL,
	"organization_ids" uuid[] DEFAULT '{}' NOT NULL,
	"district_ids" text[] DEFAULT '{}' NOT NULL,
	"service_types" text[] DEFAULT '{}' NOT NULL,
	"over_budget" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "funding_lines_period_check" CHECK ("funding_lines"."from" <= "funding_lines"."to"),
	CONSTRAINT "funding_lines_budget_check" CHECK ("funding_lines"."budget_minutes" >= 0),
	CONSTRAINT "funding_lines_over_budget_check" CHECK ("funding_lines"."over_budget" IN ('warn', 'approve')),
	CONSTRAINT "funding_lines_service_types_check" CHECK ("funding_lines"."service_types" <@ ARRAY['school_welcome', 'school_meeting', 'language_facilitation', 'social_interview', 'home_visit', 'parenting_assessment']::text[])
);
--> statement-breakpoint
ALTER TABLE "requests" DROP CONSTRAINT "requests_status_check";--> statement-breakpoint
ALTER TABLE "requests" ADD COLUMN "funding_line_id" uuid;--> statement-breakpoint
ALTER TABLE "requests" ADD COLUMN "over_budget" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX "funding_lines_from_index" ON "funding_lines" USING btree ("from");--> statement-breakpoint
ALTER TABLE "requests" ADD CONSTRAINT "requests_funding_line_id_funding_lines_id_fk" FOREIGN KEY ("funding_line_id") REFERENCES "public"."funding_lines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "requests_funding_line_idx" ON "requests" USING btree ("funding_line_id","starts_at") WHERE "requests"."funding_line_id" IS NOT NULL;--> statement-breakpoint
ALTER TABLE "requests" ADD CONSTRAINT "requests_status_check" CHECK ("requests"."status" IN ('searching', 'assigned', 'completed', 'unfilled', 'expired', 'cancelled', 'awaiting_approval'));