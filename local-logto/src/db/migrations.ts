/**
 * Schema of the local Logto database. Each entry runs once, in order, inside a
 * transaction; never edit a released entry, append a new one instead (a data
 * folder from an older version must keep working).
 */
export const migrations: readonly string[] = [
  /* sql */ `
  create table settings (
    key text primary key,
    value jsonb not null
  );

  create table oidc_payloads (
    model text not null,
    id text not null,
    payload jsonb not null,
    grant_id text,
    user_code text,
    uid text,
    expires_at timestamptz,
    consumed_at timestamptz,
    primary key (model, id)
  );
  create index oidc_payloads_grant_id on oidc_payloads (grant_id);
  create index oidc_payloads_uid on oidc_payloads (model, uid);
  create index oidc_payloads_user_code on oidc_payloads (model, user_code);
  create index oidc_payloads_expires_at on oidc_payloads (expires_at);

  create table users (
    id text primary key,
    username text,
    primary_email text,
    primary_phone text,
    name text,
    avatar text,
    custom_data jsonb not null default '{}',
    profile jsonb not null default '{}',
    password_hash text,
    application_id text,
    is_suspended boolean not null default false,
    last_sign_in_at bigint,
    created_at bigint not null,
    updated_at bigint not null
  );
  create unique index users_username_key on users (lower(username));
  create unique index users_primary_email_key on users (lower(primary_email));
  create unique index users_primary_phone_key on users (primary_phone);

  create table applications (
    id text primary key,
    name text not null,
    secret text not null,
    description text,
    type text not null,
    redirect_uris jsonb not null default '[]',
    post_logout_redirect_uris jsonb not null default '[]',
    custom_client_metadata jsonb not null default '{}',
    custom_data jsonb not null default '{}',
    is_third_party boolean not null default false,
    created_at bigint not null
  );

  create table resources (
    id text primary key,
    name text not null,
    indicator text not null,
    is_default boolean not null default false,
    access_token_ttl integer not null default 3600,
    created_at bigint not null
  );
  create unique index resources_indicator_key on resources (indicator);

  create table scopes (
    id text primary key,
    resource_id text not null references resources (id) on delete cascade,
    name text not null,
    description text,
    created_at bigint not null
  );
  create unique index scopes_resource_name_key on scopes (resource_id, name);

  create table roles (
    id text primary key,
    name text not null,
    description text not null,
    type text not null,
    is_default boolean not null default false,
    created_at bigint not null
  );
  create unique index roles_name_key on roles (name);

  create table roles_scopes (
    role_id text not null references roles (id) on delete cascade,
    scope_id text not null references scopes (id) on delete cascade,
    primary key (role_id, scope_id)
  );

  create table users_roles (
    user_id text not null references users (id) on delete cascade,
    role_id text not null references roles (id) on delete cascade,
    primary key (user_id, role_id)
  );

  create table applications_roles (
    application_id text not null references applications (id) on delete cascade,
    role_id text not null references roles (id) on delete cascade,
    primary key (application_id, role_id)
  );

  create table organizations (
    id text primary key,
    name text not null,
    description text,
    custom_data jsonb not null default '{}',
    is_mfa_required boolean not null default false,
    color jsonb not null default '{}',
    branding jsonb not null default '{}',
    custom_css text,
    created_at bigint not null
  );

  create table organization_scopes (
    id text primary key,
    name text not null,
    description text,
    created_at bigint not null
  );
  create unique index organization_scopes_name_key on organization_scopes (name);

  create table organization_roles (
    id text primary key,
    name text not null,
    description text,
    type text not null default 'User',
    created_at bigint not null
  );
  create unique index organization_roles_name_key on organization_roles (name);

  create table organization_role_scopes (
    organization_role_id text not null references organization_roles (id) on delete cascade,
    organization_scope_id text not null references organization_scopes (id) on delete cascade,
    primary key (organization_role_id, organization_scope_id)
  );

  create table organization_users (
    organization_id text not null references organizations (id) on delete cascade,
    user_id text not null references users (id) on delete cascade,
    created_at bigint not null,
    primary key (organization_id, user_id)
  );
  create index organization_users_user_id on organization_users (user_id);

  create table organization_user_roles (
    organization_id text not null,
    user_id text not null,
    organization_role_id text not null references organization_roles (id) on delete cascade,
    primary key (organization_id, user_id, organization_role_id),
    foreign key (organization_id, user_id)
      references organization_users (organization_id, user_id) on delete cascade
  );

  create table organization_invitations (
    id text primary key,
    inviter_id text references users (id) on delete set null,
    invitee text not null,
    accepted_user_id text references users (id) on delete set null,
    organization_id text not null references organizations (id) on delete cascade,
    status text not null,
    created_at bigint not null,
    updated_at bigint not null,
    expires_at bigint not null
  );
  create index organization_invitations_organization_id on organization_invitations (organization_id);

  create table organization_invitation_roles (
    invitation_id text not null references organization_invitations (id) on delete cascade,
    organization_role_id text not null references organization_roles (id) on delete cascade,
    primary key (invitation_id, organization_role_id)
  );

  create table outbox_messages (
    seq bigint generated always as identity,
    id text primary key,
    recipient text not null,
    subject text not null,
    link text,
    payload jsonb not null default '{}',
    created_at bigint not null
  );
  `,
  /* sql */ `
  create table hooks (
    id text primary key,
    name text not null default '',
    event text,
    events jsonb not null default '[]',
    config jsonb not null,
    signing_key text not null,
    enabled boolean not null default true,
    created_at bigint not null
  );
  `,
  /* sql */ `
  -- Secrets of an application (Logto 1.37's application_secrets): the token endpoint accepts
  -- the newest unexpired one (an application without any keeps using applications.secret).
  create table application_secrets (
    application_id text not null references applications (id) on delete cascade,
    name text not null,
    value text not null,
    created_at bigint not null,
    expires_at bigint,
    primary key (application_id, name)
  );

  -- Machine-to-machine apps in organizations, and their (MachineToMachine) organization roles.
  create table organization_applications (
    organization_id text not null references organizations (id) on delete cascade,
    application_id text not null references applications (id) on delete cascade,
    created_at bigint not null,
    primary key (organization_id, application_id)
  );
  create index organization_applications_application_id on organization_applications (application_id);

  create table organization_application_roles (
    organization_id text not null,
    application_id text not null,
    organization_role_id text not null references organization_roles (id) on delete cascade,
    primary key (organization_id, application_id, organization_role_id),
    foreign key (organization_id, application_id)
      references organization_applications (organization_id, application_id) on delete cascade
  );
  `,
  /* sql */ `
  create table user_mfa_verifications (
    id text primary key,
    user_id text not null references users (id) on delete cascade,
    type text not null,
    key text not null,
    last_used_time_step bigint,
    created_at bigint not null
  );
  create index user_mfa_verifications_user_id on user_mfa_verifications (user_id);
  `,
  /* sql */ `
  create table organization_jit_email_domains (
    organization_id text not null references organizations (id) on delete cascade,
    email_domain text not null,
    created_at bigint not null,
    primary key (organization_id, email_domain)
  );
  create index organization_jit_email_domains_domain on organization_jit_email_domains (email_domain);

  create table organization_jit_roles (
    organization_id text not null references organizations (id) on delete cascade,
    organization_role_id text not null references organization_roles (id) on delete cascade,
    primary key (organization_id, organization_role_id)
  );
  `,
];
