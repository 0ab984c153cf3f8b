-- Live Q&A. Everything a citizen or moderator is told "done" about is a row here first.

-- Per-session Q&A settings and the two change counters. `version` is bumped in the same
-- transaction as every change viewers can see, `queue_version` for the moderators' queue;
-- clients compare them to notice a gap and fetch a fresh snapshot. Votes do not bump them
-- (a popular question would otherwise turn this row into a lock everyone waits on).
create table qa_sessions (
  session_id uuid primary key references sessions(id) on delete cascade,
  forum_id uuid not null references forums(id) on delete cascade,
  premoderation boolean not null default true,
  spotlight_id uuid,
  version int not null default 0,
  queue_version int not null default 0
);

create table questions (
  id uuid primary key default gen_random_uuid(),
  session_id uuid not null references sessions(id) on delete cascade,
  forum_id uuid not null references forums(id) on delete cascade,
  author_id uuid not null,
  -- The name at the time of asking; never shown to viewers when anonymous.
  author_name text,
  anonymous boolean not null default false,
  lang text not null check (lang in ('kk', 'ru', 'en')),
  text text not null,
  -- What the author wrote, kept when a moderator edits the wording.
  original_text text,
  -- Lower-cased letters and digits only: "the same text" for repeat detection.
  normalized text not null,
  status text not null default 'pending' check (status in ('pending', 'approved', 'rejected', 'answered', 'merged')),
  flags text[] not null default '{}',
  matched_words text[] not null default '{}',
  duplicate_of uuid references questions(id) on delete set null,
  reject_reason text check (reject_reason in ('off_topic', 'duplicate', 'abusive', 'other')),
  reject_note text,
  merged_into uuid references questions(id) on delete set null,
  votes int not null default 0 check (votes >= 0),
  created_at timestamptz not null default now(),
  approved_at timestamptz,
  answered_at timestamptz
);
-- One person cannot submit the same text twice in a session (whatever became of the first).
create unique index questions_no_repeat on questions(session_id, author_id, normalized);
create index questions_by_status on questions(session_id, status, votes desc, created_at);
create index questions_by_text on questions(session_id, normalized);
create index questions_by_author on questions(session_id, author_id);

create table question_votes (
  question_id uuid not null references questions(id) on delete cascade,
  voter_id uuid not null,
  -- Set when a merge carried this vote over from that source question (undo takes it back).
  via uuid,
  created_at timestamptz not null default now(),
  primary key (question_id, voter_id)
);
create index question_votes_voter on question_votes(voter_id);

-- Moderation journal for undo: the state of every touched question before and after.
create table qa_actions (
  id bigserial primary key,
  session_id uuid not null references sessions(id) on delete cascade,
  actor_id uuid not null,
  action text not null,
  question_ids uuid[] not null default '{}',
  before jsonb not null,
  after jsonb not null,
  created_at timestamptz not null default now(),
  undone_at timestamptz
);
create index qa_actions_by_actor on qa_actions(session_id, actor_id, id desc);
