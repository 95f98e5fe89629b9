-- raw, additive: sections the extractor kept as text, load bookkeeping, and append-only enforcement.

-- Text the extractor could not place (an unknown section, a footer cell it did not understand) is kept here,
-- so nothing a department wrote is lost between the file and the tables.
create table raw.other_sections (
    submission_id bigint not null references raw.submissions (submission_id),
    title         text,
    text          text,
    line          integer
);
create index on raw.other_sections (submission_id);

-- What each loader run found and did (filled when the run finishes; null while it runs or when it died).
alter table raw.loads
    add column files_found        integer,
    add column files_new          integer,
    add column files_loaded       integer,
    add column files_parse_failed integer,
    add column submissions_loaded integer;

create index on raw.submissions (load_id);

-- Append-only: rows that arrived are never deleted or rewritten. Only the bookkeeping columns
-- (last_seen_at of the ledger, the closing figures of a load) may change.
create function raw.refuse_change() returns trigger language plpgsql as $$
begin
    raise exception 'raw.% is append-only: % is not allowed', tg_table_name, lower(tg_op)
        using errcode = 'insufficient_privilege';
end
$$;

create function raw.refuse_rewrite() returns trigger language plpgsql as $$
declare
    allowed text[] := tg_argv;
    old_row jsonb := to_jsonb(old);
    new_row jsonb := to_jsonb(new);
    key text;
begin
    for key in select jsonb_object_keys(new_row) loop
        if not key = any (allowed) and new_row -> key is distinct from old_row -> key then
            raise exception 'raw.%.% is append-only: it cannot be changed', tg_table_name, key
                using errcode = 'insufficient_privilege';
        end if;
    end loop;
    return new;
end
$$;

do $$
declare
    t text;
begin
    foreach t in array array['files', 'file_sightings', 'loads', 'submissions', 'programs', 'targets',
                             'budget_lines', 'budget_reported_totals', 'quarters', 'quarter_counts',
                             'activities', 'plans', 'contacts', 'collaborations', 'extract_warnings',
                             'other_sections'] loop
        execute format('create trigger append_only before delete or truncate on raw.%I '
                       'for each statement execute function raw.refuse_change()', t);
    end loop;
    foreach t in array array['submissions', 'programs', 'targets', 'budget_lines', 'budget_reported_totals',
                             'quarters', 'quarter_counts', 'activities', 'plans', 'contacts',
                             'collaborations', 'extract_warnings', 'other_sections'] loop
        execute format('create trigger append_only_update before update on raw.%I '
                       'for each statement execute function raw.refuse_change()', t);
    end loop;
end
$$;

create trigger append_only_update before update on raw.files
    for each row execute function raw.refuse_rewrite('last_seen_at');
create trigger append_only_update before update on raw.file_sightings
    for each row execute function raw.refuse_rewrite('last_seen_at');
create trigger append_only_update before update on raw.loads
    for each row execute function raw.refuse_rewrite('finished_at', 'files_found', 'files_new', 'files_loaded',
                                                     'files_parse_failed', 'submissions_loaded');
