-- Who speaks for an organization: a confirmed representative of a confirmed organization.
-- The one statement of that rule. The organizations' lookup (recommendations, the floor, the
-- compiled documents) reads it, and the question lists join it, so a snapshot for thousands of
-- viewers carries each asker's organization without a query of its own. At most one row per
-- person and forum (organization_representatives_person).
create view confirmed_affiliations as
  select r.forum_id, r.person_id, o.id as org_id, o.name as org_name, o.kind as org_kind, o.region as org_region
    from organization_representatives r join organizations o on o.id = r.organization_id
   where r.status = 'confirmed' and o.status = 'confirmed';
