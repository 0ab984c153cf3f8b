-- People: accounts (organizers, moderators, speakers) and pseudonymous citizens.
create table users (
  id uuid primary key default gen_random_uuid(),
  email text unique,
  password_hash text,
  display_name text not null,
  can_create_forums boolean not null default false,
  created_at timestamptz not null default now()
);

-- Opaque session tokens are stored hashed: a database leak does not hand out logins.
create table auth_sessions (
  token_hash text primary key,
  user_id uuid not null references users(id) on delete cascade,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index auth_sessions_user on auth_sessions(user_id);

-- A citizen is an id from a signed cookie; the row exists once they name themselves or act.
create table citizens (
  id uuid primary key,
  display_name text,
  created_at timestamptz not null default now()
);

-- Agenda.
create table forums (
  id uuid primary key default gen_random_uuid(),
  slug text not null unique,
  title jsonb not null,
  description jsonb not null default '{}'::jsonb,
  languages text[] not null,
  time_zone text not null,
  starts_on date not null,
  days int not null check (days between 1 and 60),
  created_by uuid references users(id),
  created_at timestamptz not null default now()
);

create table platforms (
  id uuid primary key default gen_random_uuid(),
  forum_id uuid not null references forums(id) on delete cascade,
  title jsonb not null,
  position int not null default 0,
  created_at timestamptz not null default now()
);
create index platforms_forum on platforms(forum_id);

create table sessions (
  id uuid primary key default gen_random_uuid(),
  forum_id uuid not null references forums(id) on delete cascade,
  platform_id uuid not null references platforms(id) on delete restrict,
  title jsonb not null,
  description jsonb not null default '{}'::jsonb,
  speakers jsonb not null default '[]'::jsonb,
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  state text not null default 'scheduled' check (state in ('scheduled', 'live', 'ended', 'cancelled')),
  started_at timestamptz,
  ended_at timestamptz,
  created_at timestamptz not null default now(),
  check (ends_at > starts_at)
);
create index sessions_forum on sessions(forum_id, starts_at);

-- Roles. session_id null means the grant covers every session of the forum.
create table role_grants (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users(id) on delete cascade,
  role text not null check (role in ('organizer', 'moderator', 'speaker')),
  forum_id uuid not null references forums(id) on delete cascade,
  session_id uuid references sessions(id) on delete cascade,
  created_at timestamptz not null default now(),
  check (role <> 'organizer' or session_id is null)
);
create unique index role_grants_unique on role_grants(user_id, role, forum_id, coalesce(session_id, '00000000-0000-0000-0000-000000000000'::uuid));
create index role_grants_forum on role_grants(forum_id);

create table invites (
  id uuid primary key default gen_random_uuid(),
  token_hash text not null unique,
  role text not null check (role in ('organizer', 'moderator', 'speaker')),
  forum_id uuid not null references forums(id) on delete cascade,
  session_id uuid references sessions(id) on delete cascade,
  label text,
  created_by uuid not null references users(id),
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz,
  used_by uuid references users(id)
);
