-- Compilations: each revision freezes its input (canonical JSON) before a worker renders it,
-- so a compile can be retried or repeated on any worker with the same result.
create table compile_revisions (
  id uuid primary key default gen_random_uuid(),
  forum_id uuid not null references forums(id) on delete cascade,
  -- null for the forum-wide set
  session_id uuid references sessions(id) on delete cascade,
  scope text not null check (scope in ('session', 'forum')),
  revision int not null check (revision >= 1),
  reason text not null check (reason in ('session.ended', 'recompile', 'forum')),
  requested_by uuid,
  input text not null,
  -- sha256 of the input without its revision number: equal hashes mean equal documents
  input_hash text not null,
  status text not null default 'queued' check (status in ('queued', 'running', 'done', 'failed')),
  error text,
  created_at timestamptz not null default now(),
  started_at timestamptz,
  completed_at timestamptz,
  published_at timestamptz,
  published_by uuid,
  check ((scope = 'session') = (session_id is not null))
);
create unique index compile_revisions_number on compile_revisions(forum_id, scope, coalesce(session_id, '00000000-0000-0000-0000-000000000000'::uuid), revision);
create index compile_revisions_session on compile_revisions(session_id, revision);
create index compile_revisions_pending on compile_revisions(status) where status in ('queued', 'running');

-- Rendered documents; written all at once with the revision's move to 'done', never partially.
create table compile_artifacts (
  revision_id uuid not null references compile_revisions(id) on delete cascade,
  format text not null check (format in ('pdf', 'docx', 'md', 'csv', 'json')),
  content_type text not null,
  bytes bytea not null,
  size int not null,
  sha256 text not null,
  created_at timestamptz not null default now(),
  primary key (revision_id, format)
);
