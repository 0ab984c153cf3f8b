-- Taking the floor: a citizen's request to speak, and the turn it becomes. One row is one
-- request from queue to end; the publish right of a turn is this row being 'invited' or 'live'.
create table floor_requests (
  id uuid primary key default gen_random_uuid(),
  session_id uuid not null references sessions(id) on delete cascade,
  forum_id uuid not null references forums(id) on delete cascade,
  -- The identity asking (citizen cookie id or account id), as on every other item.
  person_id uuid not null,
  -- The name at the time of asking: the compiled documents say who took the floor.
  person_name text not null,
  topic text not null check (length(topic) between 1 and 200),
  organization text check (length(organization) between 1 and 120),
  -- A confirmed representative's organization at the time of asking (OrgRef), kept as it was then.
  org jsonb,
  status text not null default 'queued' check (status in ('queued', 'invited', 'live', 'done', 'declined', 'withdrawn', 'lapsed')),
  -- Order among the queued requests of the session (smaller goes first).
  position double precision not null,
  decline_reason text,
  seconds int check (seconds > 0),
  muted boolean not null default false,
  created_at timestamptz not null default now(),
  invited_at timestamptz,
  started_at timestamptz,
  ends_at timestamptz,
  ended_at timestamptz,
  check ((status = 'live') = (ends_at is not null and ended_at is null))
);
-- One open request per person and session.
create unique index floor_requests_open on floor_requests(session_id, person_id) where status in ('queued', 'invited', 'live');
-- One turn on air per session at a time.
create unique index floor_requests_live on floor_requests(session_id) where status = 'live';
create index floor_requests_session on floor_requests(session_id, status, position);

-- The floor queue's change counter, bumped with every change moderators see.
create table floor_sessions (
  session_id uuid primary key references sessions(id) on delete cascade,
  version int not null default 0
);
