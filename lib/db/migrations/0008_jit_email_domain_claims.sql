CREATE TABLE "jit_email_domain_claims" (
	"email_domain" text PRIMARY KEY NOT NULL,
	"organization_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "jit_email_domain_claims_organization_idx" ON "jit_email_domain_claims" USING btree ("organization_id");