-- What each successful nightly dbt build covered, so a night with nothing new skips validation and dbt.
-- A night rebuilds when a submission awaits validation, a verdict or a steward's decision is newer
-- than the last build's, the dbt project (models, seeds, macros) differs from the one last built,
-- or no build succeeded yet.
create schema if not exists ops;

create table ops.dbt_builds (
    build_id            bigserial primary key,
    pipeline_run_id     text not null,
    project_fingerprint text not null,
    verdicts_through    timestamptz,
    events_through      bigint,
    built_at            timestamptz not null default now()
);

revoke all on schema ops from public;
grant usage on schema ops to sheetfeed_loader;
grant select, insert on ops.dbt_builds to sheetfeed_loader;
grant usage on sequence ops.dbt_builds_build_id_seq to sheetfeed_loader;
