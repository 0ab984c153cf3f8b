-- One append-only audit trail for every moderation and organizer action across domains.
create table audit_log (
  id bigserial primary key,
  at timestamptz not null default now(),
  actor_id uuid not null,
  actor_name text,
  forum_id uuid not null references forums(id) on delete cascade,
  session_id uuid references sessions(id) on delete cascade,
  domain text not null,
  action text not null,
  target_id text,
  reason text,
  details jsonb not null default '{}'::jsonb
);
create index audit_log_session on audit_log(session_id, at);
create index audit_log_forum on audit_log(forum_id, at);
