-- Each forum-wide set's items as that set compiled them. tracker_items follows the newest set
-- (the organizers' working view); the public tracker reads the newest *published* set from here,
-- so a set compiled but not yet published never reaches the public.
create table tracker_set_items (
  revision_id uuid not null references compile_revisions(id) on delete cascade,
  item_id uuid not null references tracker_items(id) on delete cascade,
  number int not null,
  text text not null,
  lang text not null,
  addressee text,
  support int not null,
  session_ids uuid[] not null default '{}',
  primary key (revision_id, item_id)
);
create index tracker_set_items_order on tracker_set_items(revision_id, number);

-- Sets compiled before this table existed: tracker_items holds the newest one's texts.
insert into tracker_set_items(revision_id, item_id, number, text, lang, addressee, support, session_ids)
select r.id, t.id, t.number, t.text, t.lang, t.addressee, t.support, t.session_ids
  from tracker_items t
  join compile_revisions r on r.forum_id = t.forum_id and r.scope = 'forum' and r.revision = t.source_revision
 where t.current;
