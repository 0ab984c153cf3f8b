-- Broadcast: every session's recording, and the forum's default for publishing them.
create table broadcast_forum_settings (
  forum_id uuid primary key references forums(id) on delete cascade,
  -- A recording becomes public as soon as the session ends (organizers may unpublish it).
  publish_at_end boolean not null default true
);

create table recordings (
  session_id uuid primary key references sessions(id) on delete cascade,
  forum_id uuid not null references forums(id) on delete cascade,
  -- Organizers may turn recording off while the session is scheduled.
  enabled boolean not null default true,
  state text not null default 'scheduled' check (state in ('scheduled', 'live', 'processing', 'ready', 'failed', 'off', 'deleted')),
  published boolean not null default false,
  trim_start_s double precision check (trim_start_s >= 0),
  trim_end_s double precision check (trim_end_s >= 0),
  started_at timestamptz,
  ended_at timestamptz,
  -- The outbox of finalizations: bumped in the transaction that ends the session (or trims);
  -- the reconciler enqueues every revision a worker has not finished yet.
  finalize_revision int not null default 0,
  finalized_revision int not null default 0,
  -- The queue (Redis prefix) the finalization goes to, as for compilations.
  queue text,
  duration_s double precision,
  mp4_bytes bigint,
  chapters jsonb not null default '[]'::jsonb,
  error text,
  updated_at timestamptz not null default now()
);
create index recordings_forum on recordings(forum_id);
create index recordings_pending on recordings(state) where state in ('live', 'processing');
