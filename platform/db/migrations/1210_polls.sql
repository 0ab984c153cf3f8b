-- Live polls. A vote is a row here before its ack; results are counted from these rows.
create table polls (
  id uuid primary key default gen_random_uuid(),
  session_id uuid not null references sessions(id) on delete cascade,
  forum_id uuid not null references forums(id) on delete cascade,
  -- 1, 2, 3, … per session, in creation order (what the documents print).
  number int not null,
  kind text not null check (kind in ('single', 'multiple', 'scale')),
  question jsonb not null,
  hide_results boolean not null default false,
  state text not null default 'draft' check (state in ('draft', 'open', 'closed')),
  opened_at timestamptz,
  closed_at timestamptz,
  -- Bumped with every change of content or state; clients keep the highest.
  version int not null default 1,
  created_by uuid not null,
  created_at timestamptz not null default now(),
  unique (session_id, number)
);
create index polls_session on polls(session_id, number);

-- Choice polls' options (a scale poll has none: its points are 1 … 5).
create table poll_options (
  poll_id uuid not null references polls(id) on delete cascade,
  index smallint not null check (index between 0 and 9),
  text jsonb not null,
  primary key (poll_id, index)
);

-- One row per voter and poll; changing one's vote replaces `choices`.
create table poll_votes (
  poll_id uuid not null references polls(id) on delete cascade,
  voter_id uuid not null,
  choices smallint[] not null check (cardinality(choices) between 1 and 10),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (poll_id, voter_id)
);
