CREATE TABLE "roster_version" (
	"singleton" boolean PRIMARY KEY DEFAULT true NOT NULL,
	"version" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "roster_version_singleton_check" CHECK ("roster_version"."singleton")
);
--> statement-breakpoint
INSERT INTO "roster_version" ("singleton", "version") VALUES (true, 0);--> statement-breakpoint
-- Every statement that changes the roster bumps the version, whoever runs it (the API, the seed, psql):
-- an API instance sees the new version once the change commits, and reloads its in-memory roster.
CREATE FUNCTION "bump_roster_version"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "roster_version" SET "version" = "version" + 1;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER "mediators_roster_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "mediators" FOR EACH STATEMENT EXECUTE FUNCTION "bump_roster_version"();--> statement-breakpoint
CREATE TRIGGER "mediator_languages_roster_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "mediator_languages" FOR EACH STATEMENT EXECUTE FUNCTION "bump_roster_version"();--> statement-breakpoint
CREATE TRIGGER "mediator_districts_roster_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "mediator_districts" FOR EACH STATEMENT EXECUTE FUNCTION "bump_roster_version"();--> statement-breakpoint
CREATE TRIGGER "mediator_weekly_slots_roster_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "mediator_weekly_slots" FOR EACH STATEMENT EXECUTE FUNCTION "bump_roster_version"();--> statement-breakpoint
CREATE TRIGGER "mediator_time_off_roster_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "mediator_time_off" FOR EACH STATEMENT EXECUTE FUNCTION "bump_roster_version"();
--> statement-breakpoint
-- Fairness ranks by minutes delivered in the last 30 days: read from this index alone, without the table.
-- (drizzle's index builder has no INCLUDE, so this index lives here only.)
CREATE INDEX "requests_delivered_idx" ON "requests" USING btree ("starts_at") INCLUDE ("assigned_mediator_id", "actual_minutes") WHERE "status" = 'completed';
