-- quality: for data stewards (SPEC section 5).
create schema if not exists quality;

create table quality.validation_runs (
    run_id              text primary key,
    pipeline_run_id     text,
    started_at          timestamptz not null,
    finished_at         timestamptz,
    submissions_checked integer not null default 0,
    passed              integer not null default 0,
    failed              integer not null default 0,
    warned              integer not null default 0,
    data_docs_path      text
);

create table quality.validation_results (
    result_id      bigserial primary key,
    run_id         text not null references quality.validation_runs (run_id),
    submission_id  bigint not null,
    source_path    text,
    source_sha256  text,
    sheet_index    integer,
    program_code   text,
    expectation    text not null,
    severity       text not null check (severity in ('error', 'warning')),
    column_name    text,
    observed       text,
    expected       text,
    line           integer,
    message        text not null
);
create index on quality.validation_results (submission_id);

-- The verdict of the latest validation of each submission; dbt reads it to decide what reaches the marts.
create table quality.submission_verdicts (
    submission_id bigint primary key,
    run_id        text not null references quality.validation_runs (run_id),
    verdict       text not null check (verdict in ('passed', 'warned', 'failed')),
    decided_at    timestamptz not null default now()
);

create table quality.quarantine (
    submission_id bigint primary key,
    source_path   text,
    source_sha256 text,
    sheet_index   integer,
    program_code  text,
    reason        text not null,
    since         timestamptz not null default now(),
    state         text not null default 'open' check (state in ('open', 'released', 'superseded'))
);

-- Who did what to a quarantined submission, when and why (release, supersede).
create table quality.quarantine_events (
    event_id      bigserial primary key,
    submission_id bigint not null references quality.quarantine (submission_id),
    action        text not null,
    actor         text not null,
    reason        text,
    at            timestamptz not null default now()
);
