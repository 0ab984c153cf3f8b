-- The outbox: work that a committed change asks for (compile an ended session, finalize its
-- recording), written in the change's own transaction and carried out at least once by a
-- server process of the same deployment (`queue`, the Redis prefix). A row is deleted once its
-- work is handed on; a failed attempt waits (`due_at`, growing backoff) and is tried again.
create table outbox (
  id uuid primary key default gen_random_uuid(),
  topic text not null,
  payload jsonb not null,
  queue text not null,
  attempts int not null default 0,
  due_at timestamptz not null default now(),
  last_error text,
  created_at timestamptz not null default now()
);
create index outbox_due on outbox (queue, due_at);
