CREATE TABLE "mirrored_organization_roles" (
	"name" text PRIMARY KEY NOT NULL,
	"scopes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"fetched_at" timestamp with time zone NOT NULL
);
