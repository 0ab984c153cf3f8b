-- Recommendations put forward during a session, and who endorsed them.
create table recommendations (
  id uuid primary key default gen_random_uuid(),
  forum_id uuid not null references forums(id) on delete cascade,
  session_id uuid not null references sessions(id) on delete cascade,
  text text not null check (char_length(text) between 1 and 1000),
  lang text not null check (lang in ('kk', 'ru', 'en')),
  addressee text check (addressee is null or char_length(addressee) between 1 and 200),
  state text not null check (state in ('draft', 'open', 'hidden', 'merged')),
  origin text not null check (origin in ('citizen', 'question')),
  -- The Q&A question it was promoted from; no foreign key: questions belong to the Q&A domain.
  source_question_id uuid,
  answer text check (answer is null or char_length(answer) <= 1000),
  author_id uuid not null,
  author_kind text not null check (author_kind in ('citizen', 'account')),
  author_name text,
  merged_into uuid references recommendations(id),
  -- Kept in step with recommendation_endorsements in the same transaction, so lists need no count(*).
  endorsements int not null default 0 check (endorsements >= 0),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check ((state = 'merged') = (merged_into is not null))
);
create index recommendations_session on recommendations(session_id, created_at, id);
-- A question becomes at most one recommendation.
create unique index recommendations_from_question on recommendations(source_question_id) where source_question_id is not null;

-- One endorsement per identity (citizen cookie id or account id).
create table recommendation_endorsements (
  recommendation_id uuid not null references recommendations(id) on delete cascade,
  endorser_id uuid not null,
  created_at timestamptz not null default now(),
  primary key (recommendation_id, endorser_id)
);
create index recommendation_endorsements_endorser on recommendation_endorsements(endorser_id);
