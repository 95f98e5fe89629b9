-- raw: what the loader landed. Append-only: nothing that arrived is dropped or overwritten.
create schema if not exists raw;

-- One row per distinct file content (by sha256), with the original bytes.
create table raw.files (
    sha256        text primary key,
    size_bytes    bigint not null,
    content       bytea not null,
    first_path    text not null,
    first_seen_at timestamptz not null default now(),
    last_seen_at  timestamptz not null default now()
);

-- Every path under which a content was seen (the same bytes under another name are seen, not loaded again).
create table raw.file_sightings (
    sha256        text not null references raw.files (sha256),
    path          text not null,
    first_seen_at timestamptz not null default now(),
    last_seen_at  timestamptz not null default now(),
    primary key (sha256, path)
);

-- One row per loader run.
create table raw.loads (
    load_id          bigserial primary key,
    pipeline_run_id  text,
    inbox            text,
    started_at       timestamptz not null default now(),
    finished_at      timestamptz
);

-- A submission is one sheet of a file; a file that cannot be parsed is one failed submission (sheet_index null).
create table raw.submissions (
    submission_id   bigserial primary key,
    sha256          text not null references raw.files (sha256),
    source_path     text not null,
    sheet_index     integer,
    encoding        text,
    first_line      integer,
    last_line       integer,
    parse_status    text not null check (parse_status in ('parsed', 'failed')),
    parse_error     text,
    program_code    text,
    reported_as_of  date,
    document        jsonb,          -- the whole `sheetfeed extract` object, verbatim
    load_id         bigint not null references raw.loads (load_id),
    loaded_at       timestamptz not null default now(),
    unique (sha256, sheet_index)
);
create index on raw.submissions (program_code);

create table raw.programs (
    submission_id           bigint primary key references raw.submissions (submission_id),
    program_code            text not null,
    program_area            text,
    program_seq             integer,
    title                   text,
    status                  text,
    implementation_rate_pct numeric,
    completion_target       text,
    completion_year         integer,
    total_budget_krw        bigint,
    business_types          text[],
    department              text,
    policy_goals            text[],
    period_start            text,
    period_end              text,
    description             text,
    reported_as_of          date,
    line                    integer
);

create table raw.targets (
    submission_id bigint not null references raw.submissions (submission_id),
    metric        text not null,
    year          integer,
    value         numeric,
    unit          text,
    comparator    text,
    raw           text,
    line          integer
);
create index on raw.targets (submission_id);

create table raw.budget_lines (
    submission_id  bigint not null references raw.submissions (submission_id),
    line_item      text not null,
    funding_source text,
    is_total       boolean not null,
    year           integer not null,
    secured_krw    bigint,
    demand_krw     bigint,
    executed_krw   bigint,
    line           integer
);
create index on raw.budget_lines (submission_id);

create table raw.budget_reported_totals (
    submission_id           bigint not null references raw.submissions (submission_id),
    line_item               text not null,
    funding_source          text,
    is_total                boolean not null,
    secured_and_demand_krw  bigint,
    executed_krw            bigint,
    line                    integer
);
create index on raw.budget_reported_totals (submission_id);

create table raw.quarters (
    submission_id bigint not null references raw.submissions (submission_id),
    year          integer not null,
    quarter       integer not null,
    summary       text,
    line          integer
);
create index on raw.quarters (submission_id);

create table raw.quarter_counts (
    submission_id bigint not null references raw.submissions (submission_id),
    year          integer not null,
    quarter       integer not null,
    label         text not null,
    value         numeric,
    unit          text,
    line          integer
);
create index on raw.quarter_counts (submission_id);

create table raw.activities (
    submission_id    bigint not null references raw.submissions (submission_id),
    year             integer,
    month            integer,
    reported_year    integer,
    reported_quarter integer,
    text             text,
    line             integer
);
create index on raw.activities (submission_id);

create table raw.plans (
    submission_id bigint not null references raw.submissions (submission_id),
    year          integer,
    month         integer,
    text          text,
    line          integer
);
create index on raw.plans (submission_id);

create table raw.contacts (
    submission_id bigint not null references raw.submissions (submission_id),
    role          text,
    name          text,
    phone_ext     text,
    line          integer
);
create index on raw.contacts (submission_id);

create table raw.collaborations (
    submission_id      bigint primary key references raw.submissions (submission_id),
    departments        text,
    content            text,
    central_government text,
    city               text,
    line               integer
);

create table raw.extract_warnings (
    submission_id bigint not null references raw.submissions (submission_id),
    line          integer,
    message       text not null
);
create index on raw.extract_warnings (submission_id);
