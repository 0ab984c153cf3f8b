-- Agree / disagree / pass on open recommendations: one rating per identity, changeable.
create table recommendation_ratings (
  recommendation_id uuid not null references recommendations(id) on delete cascade,
  session_id uuid not null references sessions(id) on delete cascade,
  rater_id uuid not null,
  value text not null check (value in ('agree', 'disagree', 'pass')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (recommendation_id, rater_id)
);
create index recommendation_ratings_session on recommendation_ratings(session_id, rater_id);

-- Per-forum settings of the rating review window (hours after a session ends); absent = the default.
create table forum_review_windows (
  forum_id uuid primary key references forums(id) on delete cascade,
  hours int not null check (hours between 0 and 2160)
);
