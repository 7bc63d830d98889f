CREATE TABLE "events" (
	"game_id" text NOT NULL,
	"seq" integer NOT NULL,
	"id" text NOT NULL,
	"type" text NOT NULL,
	"schema_version" integer NOT NULL,
	"payload" jsonb NOT NULL,
	"causation_id" text,
	"ts" text NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "events_game_id_seq_pk" PRIMARY KEY("game_id","seq"),
	CONSTRAINT "events_id_unique" UNIQUE("id")
);
--> statement-breakpoint
CREATE TABLE "games" (
	"game_id" text PRIMARY KEY NOT NULL,
	"scenario_id" text NOT NULL,
	"title" text NOT NULL,
	"status" text NOT NULL,
	"end_reason" text,
	"winner_id" text,
	"players" integer NOT NULL,
	"turns" integer NOT NULL,
	"last_seq" integer NOT NULL,
	"created_at" text NOT NULL,
	"updated_at" text NOT NULL
);
--> statement-breakpoint
CREATE INDEX "games_created_at_idx" ON "games" USING btree ("created_at" DESC NULLS LAST,"game_id");--> statement-breakpoint
CREATE INDEX "games_status_created_at_idx" ON "games" USING btree ("status","created_at" DESC NULLS LAST,"game_id");