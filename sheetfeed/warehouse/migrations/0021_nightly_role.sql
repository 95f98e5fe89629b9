-- The role the nightly tasks act as, apart from the warehouse's owner (who runs these migrations).
--
-- sheetfeed_nightly loads and validates as sheetfeed_loader (append to raw, write quality) and builds
-- the dbt schemas it owns (staging, intermediate, marts, and dbt's steward views in quality). It owns
-- nothing in raw and has no CREATE there, so it cannot disable raw's triggers, drop or alter its columns,
-- replace raw.refuse_change(), or set session_replication_role (superusers only): raw stays append-only
-- against every role the pipeline, a steward or an analyst uses. sheetfeed.transform.dbt runs dbt with
-- role=sheetfeed_nightly; README (Operators) says how to give the nightly tasks a login of their own.
do $$
begin
    if not exists (select 1 from pg_roles where rolname = 'sheetfeed_nightly') then
        create role sheetfeed_nightly nologin;
    end if;
    if not pg_has_role('sheetfeed_nightly', 'sheetfeed_loader', 'member') then
        grant sheetfeed_loader to sheetfeed_nightly;
    end if;
    -- The owner hands dbt's relations over and sets sheetfeed_nightly's default privileges: it must be able
    -- to act as it (a superuser always can).
    if not pg_has_role(current_user, 'sheetfeed_nightly', 'usage') then
        execute format('grant sheetfeed_nightly to %I', current_user);
    end if;
    execute format('grant create, temporary on database %I to sheetfeed_nightly', current_database());
end
$$;

grant usage, create on schema staging, intermediate, marts, quality to sheetfeed_nightly;

-- Relations dbt built before this migration belong to whoever ran it then: hand them to sheetfeed_nightly,
-- or its next build could not replace them.
do $$
declare
    relation record;
begin
    for relation in
        select c.oid::regclass as name,
               case c.relkind when 'v' then 'view' when 'm' then 'materialized view' else 'table' end as kind
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where c.relkind in ('r', 'p', 'v', 'm')
          and (n.nspname in ('staging', 'intermediate', 'marts')
               or (n.nspname = 'quality' and c.relname in ('unknown_statuses', 'unmatched_targets')))
          and pg_has_role(c.relowner, 'usage')
    loop
        execute format('alter %s %s owner to sheetfeed_nightly', relation.kind, relation.name);
    end loop;
end
$$;

-- What sheetfeed_nightly creates, the readers may read (0003's defaults cover what the owner creates).
alter default privileges for role sheetfeed_nightly in schema marts grant select on tables to bi_analyst, data_steward;
alter default privileges for role sheetfeed_nightly in schema quality grant select on tables to data_steward;
