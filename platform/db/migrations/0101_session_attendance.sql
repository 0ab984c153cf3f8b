-- Attendance of live sessions: concurrent viewers sampled about every 30 s, the peak,
-- and each distinct person who watched while live.
create table session_attendance (
  session_id uuid not null references sessions(id) on delete cascade,
  at timestamptz not null default now(),
  viewers int not null check (viewers >= 0),
  primary key (session_id, at)
);

create table session_peaks (
  session_id uuid primary key references sessions(id) on delete cascade,
  peak int not null check (peak >= 0),
  at timestamptz not null default now()
);

create table session_viewers (
  session_id uuid not null references sessions(id) on delete cascade,
  actor_id uuid not null,
  first_seen_at timestamptz not null default now(),
  primary key (session_id, actor_id)
);
