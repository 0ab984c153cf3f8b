-- Interpreters and captioners: roles held per session or forum, each for one target language.
alter table role_grants add column language text check (language in ('kk', 'ru', 'en'));
alter table role_grants drop constraint role_grants_role_check;
alter table role_grants add constraint role_grants_role_check
  check (role in ('organizer', 'moderator', 'speaker', 'interpreter', 'captioner'));
alter table role_grants add constraint role_grants_language_role_check
  check ((role in ('interpreter', 'captioner')) = (language is not null));
-- One person may interpret into two languages: the language is part of what makes a grant unique.
drop index role_grants_unique;
create unique index role_grants_unique on role_grants(
  user_id, role, forum_id, coalesce(session_id, '00000000-0000-0000-0000-000000000000'::uuid), coalesce(language, '')
);

alter table invites add column language text check (language in ('kk', 'ru', 'en'));
alter table invites drop constraint invites_role_check;
alter table invites add constraint invites_role_check
  check (role in ('organizer', 'moderator', 'speaker', 'interpreter', 'captioner'));
alter table invites add constraint invites_language_role_check
  check ((role in ('interpreter', 'captioner')) = (language is not null));

-- Who was on air in which language channel, and when: the compiled documents list the
-- languages a session was interpreted into from this.
create table interpretation_turns (
  id uuid primary key default gen_random_uuid(),
  session_id uuid not null references sessions(id) on delete cascade,
  language text not null check (language in ('kk', 'ru', 'en')),
  interpreter_id uuid not null references users(id),
  started_at timestamptz not null default now(),
  ended_at timestamptz,
  check (ended_at is null or ended_at >= started_at)
);
create index interpretation_turns_session on interpretation_turns(session_id, language, started_at);

-- Live captions, one row per line as the captioner sent it; a correction replaces the text
-- and bumps the revision, keeping the line's time.
create table caption_lines (
  id uuid primary key default gen_random_uuid(),
  session_id uuid not null references sessions(id) on delete cascade,
  language text not null check (language in ('kk', 'ru', 'en')),
  -- Per session and language, from 1, without gaps: viewers order and resync by it.
  seq int not null check (seq > 0),
  text text not null check (length(text) between 1 and 500),
  at timestamptz not null default now(),
  author_id uuid not null references users(id),
  revision int not null default 1 check (revision > 0),
  corrected_at timestamptz,
  unique (session_id, language, seq)
);

-- Organizers publish a session's caption transcripts; until then only they may download them.
create table caption_publications (
  session_id uuid primary key references sessions(id) on delete cascade,
  published_at timestamptz not null default now(),
  published_by uuid not null references users(id)
);
