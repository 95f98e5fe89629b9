-- The loader appends to raw; it may update only the bookkeeping columns, never what arrived.
-- (0003 granted update on every raw table; column grants narrow that.)
revoke update on all tables in schema raw from sheetfeed_loader;
alter default privileges in schema raw revoke update on tables from sheetfeed_loader;
grant update (last_seen_at) on raw.files, raw.file_sightings to sheetfeed_loader;
grant update (finished_at, files_found, files_new, files_loaded, files_parse_failed, submissions_loaded)
    on raw.loads to sheetfeed_loader;

-- Tables created after 0003 (0004 on) get their grants from the default privileges; state them for the
-- ones that exist now so the result does not depend on who ran which migration.
grant select, insert on raw.other_sections to sheetfeed_loader;
grant select on raw.other_sections to data_steward;
