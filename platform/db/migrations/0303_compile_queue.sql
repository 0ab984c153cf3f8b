-- The queue (Redis prefix) a revision was enqueued on: a starting API re-enqueues only its own
-- deployment's unfinished revisions, even when several deployments share one database.
alter table compile_revisions add column queue text;
