CREATE TABLE "districts" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"municipalities" text[] NOT NULL
);
--> statement-breakpoint
CREATE TABLE "languages" (
	"code" text PRIMARY KEY NOT NULL,
	"name_it" text NOT NULL,
	"name_en" text NOT NULL,
	"dialects" text[] NOT NULL
);
--> statement-breakpoint
CREATE TABLE "organizations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"municipality" text NOT NULL,
	"district_id" text NOT NULL,
	"address" text NOT NULL,
	"phone" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "organizations_kind_check" CHECK ("organizations"."kind" IN ('school', 'social_service'))
);
--> statement-breakpoint
CREATE TABLE "mediator_districts" (
	"mediator_id" uuid NOT NULL,
	"district_id" text NOT NULL,
	CONSTRAINT "mediator_districts_mediator_id_district_id_pk" PRIMARY KEY("mediator_id","district_id")
);
--> statement-breakpoint
CREATE TABLE "mediator_languages" (
	"mediator_id" uuid NOT NULL,
	"language_code" text NOT NULL,
	"level" text NOT NULL,
	"dialects" text[] DEFAULT '{}'::text[] NOT NULL,
	CONSTRAINT "mediator_languages_mediator_id_language_code_pk" PRIMARY KEY("mediator_id","language_code"),
	CONSTRAINT "mediator_languages_level_check" CHECK ("mediator_languages"."level" IN ('native', 'fluent', 'working'))
);
--> statement-breakpoint
CREATE TABLE "mediator_time_off" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"mediator_id" uuid NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"reason" text,
	CONSTRAINT "time_off_range_check" CHECK ("mediator_time_off"."starts_at" < "mediator_time_off"."ends_at")
);
--> statement-breakpoint
CREATE TABLE "mediator_weekly_slots" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"mediator_id" uuid NOT NULL,
	"weekday" smallint NOT NULL,
	"start_minute" smallint NOT NULL,
	"end_minute" smallint NOT NULL,
	CONSTRAINT "weekly_slots_weekday_check" CHECK ("mediator_weekly_slots"."weekday" BETWEEN 1 AND 7),
	CONSTRAINT "weekly_slots_range_check" CHECK (0 <= "mediator_weekly_slots"."start_minute" AND "mediator_weekly_slots"."start_minute" < "mediator_weekly_slots"."end_minute" AND "mediator_weekly_slots"."end_minute" <= 1440)
);
--> statement-breakpoint
CREATE TABLE "mediators" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"full_name" text NOT NULL,
	"email" text NOT NULL,
	"phone" text NOT NULL,
	"gender" text,
	"home_district_id" text,
	"modes" text[] NOT NULL,
	"qualifications" text[] NOT NULL,
	"max_weekly_minutes" integer NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"calendar_token" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "mediators_gender_check" CHECK ("mediators"."gender" IN ('female', 'male')),
	CONSTRAINT "mediators_modes_check" CHECK ("mediators"."modes" <@ ARRAY['in_person', 'phone', 'video']::text[]),
	CONSTRAINT "mediators_qualifications_check" CHECK ("mediators"."qualifications" <@ ARRAY['school', 'social_services', 'parenting_assessment']::text[]),
	CONSTRAINT "mediators_weekly_cap_check" CHECK ("mediators"."max_weekly_minutes" BETWEEN 0 AND 4200)
);
--> statement-breakpoint
CREATE TABLE "invitations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "invitations_tokenHash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "login_failures" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "refresh_tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"family_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "refresh_tokens_tokenHash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"name" text NOT NULL,
	"role" text NOT NULL,
	"organization_id" uuid,
	"mediator_id" uuid,
	"password_hash" text,
	"locale" text DEFAULT 'it' NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_role_check" CHECK ("users"."role" IN ('requester', 'mediator', 'coordinator')),
	CONSTRAINT "users_locale_check" CHECK ("users"."locale" IN ('it', 'en')),
	CONSTRAINT "users_requester_has_organization" CHECK ("users"."role" <> 'requester' OR "users"."organization_id" IS NOT NULL),
	CONSTRAINT "users_mediator_has_profile" CHECK ("users"."role" <> 'mediator' OR "users"."mediator_id" IS NOT NULL)
);
--> statement-breakpoint
CREATE TABLE "assignments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"request_id" uuid NOT NULL,
	"mediator_id" uuid NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"blocked_until" timestamp with time zone NOT NULL,
	"mode" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ended_at" timestamp with time zone,
	CONSTRAINT "assignments_status_check" CHECK ("assignments"."status" IN ('active', 'completed', 'cancelled', 'withdrawn')),
	CONSTRAINT "assignments_range_check" CHECK ("assignments"."starts_at" < "assignments"."ends_at" AND "assignments"."ends_at" <= "assignments"."blocked_until")
);
--> statement-breakpoint
CREATE TABLE "idempotency_keys" (
	"user_id" uuid NOT NULL,
	"key" text NOT NULL,
	"body_hash" text NOT NULL,
	"request_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "idempotency_keys_user_id_key_pk" PRIMARY KEY("user_id","key")
);
--> statement-breakpoint
CREATE TABLE "offers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"request_id" uuid NOT NULL,
	"mediator_id" uuid NOT NULL,
	"wave" integer NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"responded_at" timestamp with time zone,
	"decline_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "offers_status_check" CHECK ("offers"."status" IN ('pending', 'accepted', 'declined', 'expired', 'withdrawn'))
);
--> statement-breakpoint
CREATE TABLE "request_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"request_id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"type" text NOT NULL,
	"actor_user_id" uuid,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"created_by_user_id" uuid,
	"service_type" text NOT NULL,
	"language_code" text NOT NULL,
	"dialect" text,
	"mode" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"duration_minutes" integer NOT NULL,
	"district_id" text NOT NULL,
	"location_address" text,
	"location_municipality" text NOT NULL,
	"gender_preference" text,
	"gender_required" boolean DEFAULT false NOT NULL,
	"dialect_required" boolean DEFAULT false NOT NULL,
	"case_ref" text,
	"subject" jsonb,
	"contact_name" text,
	"contact_phone" text,
	"notes" text,
	"status" text DEFAULT 'searching' NOT NULL,
	"late_cancellation" boolean DEFAULT false NOT NULL,
	"cancel_reason" text,
	"dispatch_plan" jsonb,
	"wave_number" integer DEFAULT 0 NOT NULL,
	"dispatch_deadline" timestamp with time zone,
	"next_check_at" timestamp with time zone,
	"assigned_mediator_id" uuid,
	"assigned_at" timestamp with time zone,
	"actual_minutes" integer,
	"outcome" text,
	"completion_note" text,
	"completed_at" timestamp with time zone,
	"confirmed" boolean,
	"rating" smallint,
	"confirmation_comment" text,
	"confirmed_at" timestamp with time zone,
	"personal_data_erased_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "requests_service_type_check" CHECK ("requests"."service_type" IN ('school_welcome', 'school_meeting', 'language_facilitation', 'social_interview', 'home_visit', 'parenting_assessment')),
	CONSTRAINT "requests_mode_check" CHECK ("requests"."mode" IN ('in_person', 'phone', 'video')),
	CONSTRAINT "requests_status_check" CHECK ("requests"."status" IN ('searching', 'assigned', 'completed', 'unfilled', 'expired', 'cancelled')),
	CONSTRAINT "requests_gender_check" CHECK ("requests"."gender_preference" IN ('female', 'male')),
	CONSTRAINT "requests_outcome_check" CHECK ("requests"."outcome" IN ('done', 'family_no_show')),
	CONSTRAINT "requests_duration_check" CHECK ("requests"."duration_minutes" BETWEEN 30 AND 480),
	CONSTRAINT "requests_actual_minutes_check" CHECK ("requests"."actual_minutes" BETWEEN 0 AND 1440),
	CONSTRAINT "requests_rating_check" CHECK ("requests"."rating" BETWEEN 1 AND 5),
	CONSTRAINT "requests_assigned_has_mediator" CHECK ("requests"."status" <> 'assigned' OR "requests"."assigned_mediator_id" IS NOT NULL)
);
--> statement-breakpoint
ALTER TABLE "organizations" ADD CONSTRAINT "organizations_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mediator_districts" ADD CONSTRAINT "mediator_districts_mediator_id_mediators_id_fk" FOREIGN KEY ("mediator_id") REFERENCES "public"."mediators"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mediator_districts" ADD CONSTRAINT "mediator_districts_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mediator_languages" ADD CONSTRAINT "mediator_languages_mediator_id_mediators_id_fk" FOREIGN KEY ("mediator_id") REFERENCES "public"."mediators"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mediator_languages" ADD CONSTRAINT "mediator_languages_language_code_languages_code_fk" FOREIGN KEY ("language_code") REFERENCES "public"."languages"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mediator_time_off" ADD CONSTRAINT "mediator_time_off_mediator_id_mediators_id_fk" FOREIGN KEY ("mediator_id") REFERENCES "public"."mediators"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mediator_weekly_slots" ADD CONSTRAINT "mediator_weekly_slots_mediator_id_mediators_id_fk" FOREIGN KEY ("mediator_id") REFERENCES "public"."mediators"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mediators" ADD CONSTRAINT "mediators_home_district_id_districts_id_fk" FOREIGN KEY ("home_district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refresh_tokens" ADD CONSTRAINT "refresh_tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_mediator_id_mediators_id_fk" FOREIGN KEY ("mediator_id") REFERENCES "public"."mediators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assignments" ADD CONSTRAINT "assignments_request_id_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assignments" ADD CONSTRAINT "assignments_mediator_id_mediators_id_fk" FOREIGN KEY ("mediator_id") REFERENCES "public"."mediators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "idempotency_keys" ADD CONSTRAINT "idempotency_keys_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "idempotency_keys" ADD CONSTRAINT "idempotency_keys_request_id_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "offers" ADD CONSTRAINT "offers_request_id_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "offers" ADD CONSTRAINT "offers_mediator_id_mediators_id_fk" FOREIGN KEY ("mediator_id") REFERENCES "public"."mediators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_events" ADD CONSTRAINT "request_events_request_id_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_events" ADD CONSTRAINT "request_events_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "requests" ADD CONSTRAINT "requests_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "requests" ADD CONSTRAINT "requests_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "requests" ADD CONSTRAINT "requests_language_code_languages_code_fk" FOREIGN KEY ("language_code") REFERENCES "public"."languages"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "requests" ADD CONSTRAINT "requests_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "requests" ADD CONSTRAINT "requests_assigned_mediator_id_mediators_id_fk" FOREIGN KEY ("assigned_mediator_id") REFERENCES "public"."mediators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "organizations_district_id_index" ON "organizations" USING btree ("district_id");--> statement-breakpoint
CREATE INDEX "mediator_districts_district_id_mediator_id_index" ON "mediator_districts" USING btree ("district_id","mediator_id");--> statement-breakpoint
CREATE INDEX "mediator_languages_language_code_mediator_id_index" ON "mediator_languages" USING btree ("language_code","mediator_id");--> statement-breakpoint
CREATE INDEX "mediator_time_off_mediator_id_starts_at_index" ON "mediator_time_off" USING btree ("mediator_id","starts_at");--> statement-breakpoint
CREATE INDEX "mediator_weekly_slots_mediator_id_index" ON "mediator_weekly_slots" USING btree ("mediator_id");--> statement-breakpoint
CREATE INDEX "mediators_email_idx" ON "mediators" USING btree (lower("email"));--> statement-breakpoint
CREATE INDEX "invitations_user_id_index" ON "invitations" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "login_failures_key_at_index" ON "login_failures" USING btree ("key","at");--> statement-breakpoint
CREATE INDEX "refresh_tokens_family_id_index" ON "refresh_tokens" USING btree ("family_id");--> statement-breakpoint
CREATE INDEX "refresh_tokens_user_id_index" ON "refresh_tokens" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_unique" ON "users" USING btree (lower("email"));--> statement-breakpoint
CREATE UNIQUE INDEX "users_mediator_unique" ON "users" USING btree ("mediator_id");--> statement-breakpoint
CREATE INDEX "users_organization_id_index" ON "users" USING btree ("organization_id");--> statement-breakpoint
CREATE UNIQUE INDEX "assignments_one_active_per_request" ON "assignments" USING btree ("request_id") WHERE "assignments"."status" IN ('active', 'completed');--> statement-breakpoint
CREATE INDEX "assignments_mediator_id_starts_at_index" ON "assignments" USING btree ("mediator_id","starts_at");--> statement-breakpoint
CREATE UNIQUE INDEX "offers_request_mediator_unique" ON "offers" USING btree ("request_id","mediator_id");--> statement-breakpoint
CREATE INDEX "offers_mediator_id_status_index" ON "offers" USING btree ("mediator_id","status");--> statement-breakpoint
CREATE INDEX "offers_pending_expiry_idx" ON "offers" USING btree ("expires_at") WHERE "offers"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "request_events_request_id_id_index" ON "request_events" USING btree ("request_id","id");--> statement-breakpoint
CREATE INDEX "requests_organization_id_starts_at_index" ON "requests" USING btree ("organization_id","starts_at");--> statement-breakpoint
CREATE INDEX "requests_status_starts_at_index" ON "requests" USING btree ("status","starts_at");--> statement-breakpoint
CREATE INDEX "requests_starts_at_index" ON "requests" USING btree ("starts_at");--> statement-breakpoint
CREATE INDEX "requests_next_check_idx" ON "requests" USING btree ("next_check_at") WHERE "requests"."next_check_at" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "requests_assigned_mediator_id_index" ON "requests" USING btree ("assigned_mediator_id");