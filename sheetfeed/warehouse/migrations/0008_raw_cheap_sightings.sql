-- A nightly run over an unchanged inbox touches one ledger row and one sighting per file (last_seen_at).
-- Two things made that slow, both fixed here without changing what is allowed:
-- 1. The append-only guard of 0004 ran a PL/pgSQL function on every updated row, converting the whole
--    row (bytes included) to JSON to compare it. A WHEN condition now compares the protected columns in
--    the executor and calls the function only for a forbidden change.
-- 2. Each update rewrote the file's bytes along with the row. They are now kept out of line (uncompressed,
--    in the TOAST table), so an update copies a narrow row; free space left in each page lets the update
--    stay on the page (a HOT update, no index change).
drop trigger append_only_update on raw.files;
drop trigger append_only_update on raw.file_sightings;
drop trigger append_only_update on raw.loads;
drop function raw.refuse_rewrite();

create function raw.refuse_rewrite() returns trigger language plpgsql as $$
begin
    raise exception 'raw.% is append-only: only its bookkeeping columns (%) may change',
        tg_table_name, array_to_string(tg_argv, ', ')
        using errcode = 'insufficient_privilege';
end
$$;

create trigger append_only_update before update on raw.files for each row
    when ((old.sha256, old.size_bytes, old.content, old.first_path, old.first_seen_at)
          is distinct from (new.sha256, new.size_bytes, new.content, new.first_path, new.first_seen_at))
    execute function raw.refuse_rewrite('last_seen_at');
create trigger append_only_update before update on raw.file_sightings for each row
    when ((old.sha256, old.path, old.first_seen_at) is distinct from (new.sha256, new.path, new.first_seen_at))
    execute function raw.refuse_rewrite('last_seen_at');
create trigger append_only_update before update on raw.loads for each row
    when ((old.load_id, old.pipeline_run_id, old.inbox, old.started_at)
          is distinct from (new.load_id, new.pipeline_run_id, new.inbox, new.started_at))
    execute function raw.refuse_rewrite('finished_at', 'files_found', 'files_new', 'files_loaded',
                                        'files_parse_failed', 'submissions_loaded');

alter table raw.files alter column content set storage external;
alter table raw.files set (fillfactor = 70);
alter table raw.file_sightings set (fillfactor = 70);
