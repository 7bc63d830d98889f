CREATE TABLE "accusations" (
	"game_id" text NOT NULL,
	"accusation_id" text NOT NULL,
	"accuser" text NOT NULL,
	"accused" text NOT NULL,
	"charge" text NOT NULL,
	"claim" text NOT NULL,
	"turn" integer NOT NULL,
	"confidence" double precision NOT NULL,
	"verdict" text,
	"verdict_confidence" double precision,
	CONSTRAINT "accusations_game_id_accusation_id_pk" PRIMARY KEY("game_id","accusation_id")
);
--> statement-breakpoint
CREATE TABLE "champion_memory" (
	"character_id" text NOT NULL,
	"version" integer NOT NULL,
	"game_id" text NOT NULL,
	"seq" integer NOT NULL,
	"outcome" text NOT NULL,
	"lessons" jsonb NOT NULL,
	"memory" text NOT NULL,
	"games" integer NOT NULL,
	"wins" integer NOT NULL,
	"model" text NOT NULL,
	"ts" text NOT NULL,
	CONSTRAINT "champion_memory_character_id_version_pk" PRIMARY KEY("character_id","version")
);
--> statement-breakpoint
CREATE TABLE "champions" (
	"character_id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"version" integer NOT NULL,
	"games" integer NOT NULL,
	"wins" integer NOT NULL,
	"memory" text NOT NULL,
	"last_game_id" text NOT NULL,
	"updated_at" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "eliminations" (
	"game_id" text NOT NULL,
	"player_id" text NOT NULL,
	"turn" integer NOT NULL,
	"round" integer NOT NULL,
	"cause" text NOT NULL,
	"standing" double precision NOT NULL,
	CONSTRAINT "eliminations_game_id_player_id_pk" PRIMARY KEY("game_id","player_id")
);
--> statement-breakpoint
CREATE TABLE "messages" (
	"game_id" text NOT NULL,
	"seq" integer NOT NULL,
	"message_id" text NOT NULL,
	"turn" integer NOT NULL,
	"player_id" text,
	"kind" text NOT NULL,
	"text" text NOT NULL,
	CONSTRAINT "messages_game_id_seq_pk" PRIMARY KEY("game_id","seq")
);
--> statement-breakpoint
CREATE TABLE "model_calls" (
	"game_id" text NOT NULL,
	"seq" integer NOT NULL,
	"role" text NOT NULL,
	"player_id" text,
	"purpose" text NOT NULL,
	"model" text NOT NULL,
	"input_tokens" integer NOT NULL,
	"output_tokens" integer NOT NULL,
	"latency_ms" double precision NOT NULL,
	"cost_usd" double precision NOT NULL,
	"attempts" integer NOT NULL,
	"failed" boolean NOT NULL,
	CONSTRAINT "model_calls_game_id_seq_pk" PRIMARY KEY("game_id","seq")
);
--> statement-breakpoint
CREATE TABLE "participants" (
	"game_id" text NOT NULL,
	"player_id" text NOT NULL,
	"seat" integer NOT NULL,
	"character_id" text NOT NULL,
	"name" text NOT NULL,
	"model" text NOT NULL,
	"place" integer,
	"status" text,
	CONSTRAINT "participants_game_id_player_id_pk" PRIMARY KEY("game_id","player_id")
);
--> statement-breakpoint
CREATE TABLE "ratings" (
	"pool" text NOT NULL,
	"key" text NOT NULL,
	"mu" double precision NOT NULL,
	"sigma" double precision NOT NULL,
	"games" integer NOT NULL,
	"wins" integer NOT NULL,
	"last_game_id" text NOT NULL,
	"updated_at" text NOT NULL,
	CONSTRAINT "ratings_pool_key_pk" PRIMARY KEY("pool","key")
);
--> statement-breakpoint
CREATE TABLE "scores" (
	"game_id" text NOT NULL,
	"seq" integer NOT NULL,
	"turn" integer NOT NULL,
	"player_id" text NOT NULL,
	"message_id" text NOT NULL,
	"phase" text NOT NULL,
	"points" double precision NOT NULL,
	"scores" jsonb NOT NULL,
	"judge" text NOT NULL,
	CONSTRAINT "scores_game_id_seq_pk" PRIMARY KEY("game_id","seq")
);
--> statement-breakpoint
CREATE TABLE "series" (
	"series_id" text PRIMARY KEY NOT NULL,
	"format" text NOT NULL,
	"status" text NOT NULL,
	"config" jsonb NOT NULL,
	"standings" jsonb,
	"created_at" text NOT NULL,
	"updated_at" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "series_games" (
	"series_id" text NOT NULL,
	"game_id" text NOT NULL,
	"round" integer NOT NULL,
	"schedule_index" integer NOT NULL,
	CONSTRAINT "series_games_series_id_game_id_pk" PRIMARY KEY("series_id","game_id")
);
--> statement-breakpoint
CREATE UNIQUE INDEX "champion_memory_event_idx" ON "champion_memory" USING btree ("game_id","seq");--> statement-breakpoint
CREATE INDEX "model_calls_model_idx" ON "model_calls" USING btree ("model");--> statement-breakpoint
CREATE INDEX "participants_character_idx" ON "participants" USING btree ("character_id");--> statement-breakpoint
CREATE INDEX "participants_model_idx" ON "participants" USING btree ("model");--> statement-breakpoint
CREATE INDEX "series_games_schedule_idx" ON "series_games" USING btree ("series_id","schedule_index");--> statement-breakpoint
CREATE INDEX "events_game_ended_idx" ON "events" USING btree ("ts" collate "C","game_id" collate "C") WHERE "events"."type" = 'game_ended';