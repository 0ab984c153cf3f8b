-- What became of each recommendation of the forum-wide set. Items are matched across
-- re-compilations by their key (the id of the group's earliest submitted item).
create table tracker_items (
  id uuid primary key default gen_random_uuid(),
  forum_id uuid not null references forums(id) on delete cascade,
  key uuid not null,
  number int not null,
  text text not null,
  lang text not null,
  addressee text,
  support int not null default 0,
  session_ids uuid[] not null default '{}',
  -- false once a later forum-wide set no longer contains the item (kept for its history)
  current boolean not null default true,
  source_revision int not null,
  status text not null default 'new' check (status in ('new', 'accepted', 'in_progress', 'executed', 'rejected')),
  responsible_body text,
  deadline date,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (forum_id, key)
);
create index tracker_items_forum on tracker_items(forum_id, current, number);

create table tracker_history (
  id bigserial primary key,
  item_id uuid not null references tracker_items(id) on delete cascade,
  at timestamptz not null default now(),
  actor_id uuid not null,
  status text not null,
  responsible_body text,
  deadline date,
  note text
);
create index tracker_history_item on tracker_history(item_id, at, id);
