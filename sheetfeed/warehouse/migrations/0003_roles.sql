-- Roles of SPEC section 3. Roles are cluster-wide, so they are created only when missing;
-- the grants are per database.
do $$
begin
    if not exists (select 1 from pg_roles where rolname = 'sheetfeed_loader') then
        create role sheetfeed_loader nologin;
    end if;
    if not exists (select 1 from pg_roles where rolname = 'bi_analyst') then
        create role bi_analyst nologin;
    end if;
    if not exists (select 1 from pg_roles where rolname = 'data_steward') then
        create role data_steward nologin;
    end if;
end
$$;

create schema if not exists staging;
create schema if not exists intermediate;
create schema if not exists marts;

-- Nobody but the owner creates objects in public or reads it by default.
revoke all on schema raw, quality, staging, intermediate, marts from public;

-- sheetfeed_loader writes raw and quality, and nothing else.
grant usage on schema raw, quality to sheetfeed_loader;
grant select, insert, update on all tables in schema raw, quality to sheetfeed_loader;
grant usage on all sequences in schema raw, quality to sheetfeed_loader;
alter default privileges in schema raw, quality grant select, insert, update on tables to sheetfeed_loader;
alter default privileges in schema raw, quality grant usage on sequences to sheetfeed_loader;

-- bi_analyst reads marts only (dbt also grants each mart model to it).
grant usage on schema marts to bi_analyst;
grant select on all tables in schema marts to bi_analyst;
alter default privileges in schema marts grant select on tables to bi_analyst;

-- data_steward reads quality, raw and marts.
grant usage on schema raw, quality, marts to data_steward;
grant select on all tables in schema raw, quality, marts to data_steward;
alter default privileges in schema raw, quality, marts grant select on tables to data_steward;
