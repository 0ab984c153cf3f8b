-- Organizations taking part in a forum, and the people who represent them. A registration
-- names the organization (or joins one already confirmed); organizers confirm or reject it.
create table organizations (
  id uuid primary key default gen_random_uuid(),
  forum_id uuid not null references forums(id) on delete cascade,
  name jsonb not null,
  kind text not null check (kind in ('ngo', 'business', 'state', 'international', 'academic', 'media')),
  region text not null,
  -- Seen by the forum's organizers only.
  contact_email text not null,
  status text not null default 'pending' check (status in ('pending', 'confirmed', 'rejected')),
  created_at timestamptz not null default now(),
  decided_at timestamptz
);
create index organizations_forum on organizations(forum_id, status);

-- person_id is the identity acting (citizen cookie id or account id), as on every other item.
create table organization_representatives (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations(id) on delete cascade,
  forum_id uuid not null references forums(id) on delete cascade,
  person_id uuid not null,
  person_name text,
  status text not null default 'pending' check (status in ('pending', 'confirmed', 'rejected')),
  reject_reason text,
  created_at timestamptz not null default now(),
  decided_at timestamptz,
  decided_by uuid
);
-- One person speaks for at most one organization per forum (a rejected registration may be made again).
create unique index organization_representatives_person on organization_representatives(forum_id, person_id) where status <> 'rejected';
create index organization_representatives_org on organization_representatives(organization_id);
