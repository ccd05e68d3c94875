CREATE TABLE "logto_webhook_deliveries" (
	"id" text PRIMARY KEY NOT NULL,
	"event" text NOT NULL,
	"body" text,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"processed_at" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text
);
--> statement-breakpoint
CREATE TABLE "mirrored_invitations" (
	"id" text PRIMARY KEY NOT NULL,
	"organization_id" text NOT NULL,
	"data" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mirrored_memberships" (
	"organization_id" text NOT NULL,
	"user_id" text NOT NULL,
	"roles" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"fetched_at" timestamp with time zone NOT NULL,
	CONSTRAINT "mirrored_memberships_organization_id_user_id_pk" PRIMARY KEY("organization_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "mirrored_organizations" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"branding" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"is_mfa_required" boolean DEFAULT false NOT NULL,
	"fetched_at" timestamp with time zone NOT NULL,
	"members_fetched_at" timestamp with time zone,
	"invitations_fetched_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "mirrored_users" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text,
	"username" text,
	"primary_email" text,
	"avatar" text,
	"created_at" timestamp with time zone,
	"is_deleted" boolean DEFAULT false NOT NULL,
	"fetched_at" timestamp with time zone NOT NULL,
	"organizations_fetched_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "organization_token_revocations" (
	"organization_id" text NOT NULL,
	"user_id" text NOT NULL,
	"revoked_at" timestamp with time zone NOT NULL,
	CONSTRAINT "organization_token_revocations_organization_id_user_id_pk" PRIMARY KEY("organization_id","user_id")
);
--> statement-breakpoint
CREATE INDEX "logto_webhook_deliveries_pending_idx" ON "logto_webhook_deliveries" USING btree ("processed_at","received_at");--> statement-breakpoint
CREATE INDEX "mirrored_invitations_organization_idx" ON "mirrored_invitations" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "mirrored_memberships_user_idx" ON "mirrored_memberships" USING btree ("user_id");