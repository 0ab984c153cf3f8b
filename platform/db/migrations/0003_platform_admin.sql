-- Platform administrators stand above every forum: they run the job queues and read the
-- health details. Made with `npm run organizer -- --admin`; forum roles stay in role_grants.
alter table users add column platform_admin boolean not null default false;
