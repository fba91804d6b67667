-- Custom SQL migration file, put your code below! --
-- Every statement that records live events wakes the live hubs of all instances: NOTIFY is sent
-- only when the transaction commits, once per transaction, and never for a rolled-back one.
CREATE FUNCTION "notify_live_events"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('ponte_live', '');
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER "live_events_notify" AFTER INSERT ON "live_events" FOR EACH STATEMENT EXECUTE FUNCTION "notify_live_events"();
