-- raw, additive: file names kept losslessly, and each file's modification time as discovery read it.
--
-- Names are stored as text in their printable form (extract.inbox.shown: bytes that are not UTF-8, as a
-- CP949 Windows share produces, and control characters such as newline or ESC written as \xNN). When that
-- form differs from the name, path_bytes holds the name's exact bytes; it is null when the text is exact.
--
-- modified_at is the file's modification time (st_mtime) when it was discovered: raw.files keeps the one of
-- the file the content first landed from, each sighting the one of its path when first seen there. It breaks
-- ties between two sheets of a program reporting the same date (then sha256 does), never the load order.
alter table raw.files add column modified_at timestamptz;
alter table raw.file_sightings
    add column path_bytes  bytea,
    add column modified_at timestamptz;
alter table raw.submissions add column path_bytes bytea;

-- The new columns are as append-only as the others (0008's guards, now naming them too).
drop trigger append_only_update on raw.files;
drop trigger append_only_update on raw.file_sightings;
create trigger append_only_update before update on raw.files for each row
    when ((old.sha256, old.size_bytes, old.content, old.first_path, old.first_seen_at, old.modified_at)
          is distinct from (new.sha256, new.size_bytes, new.content, new.first_path, new.first_seen_at,
                            new.modified_at))
    execute function raw.refuse_rewrite('last_seen_at');
create trigger append_only_update before update on raw.file_sightings for each row
    when ((old.sha256, old.path, old.first_seen_at, old.path_bytes, old.modified_at)
          is distinct from (new.sha256, new.path, new.first_seen_at, new.path_bytes, new.modified_at))
    execute function raw.refuse_rewrite('last_seen_at');
