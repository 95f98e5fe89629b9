-- Entity rows must belong to a submission. The foreign keys of 0001 check that once per row (an index probe
-- through SPI, about ten microseconds each), which made them the largest cost of a bulk load. The same rule
-- is checked here once per statement instead: after each COPY, the distinct submission ids it inserted are
-- looked up together. Submissions are never deleted or updated (0004), so a row that was valid stays valid.
create function raw.check_submission_exists() returns trigger language plpgsql as $$
declare
    missing bigint;
begin
    select i.submission_id into missing
    from (select distinct submission_id from inserted) i
    where not exists (select 1 from raw.submissions s where s.submission_id = i.submission_id)
    limit 1;
    if found then
        raise exception 'raw.%: submission_id % is not in raw.submissions', tg_table_name, missing
            using errcode = 'foreign_key_violation';
    end if;
    return null;
end
$$;

do $$
declare
    fk record;
begin
    for fk in
        select c.conrelid::regclass as child, c.conname, t.relname
        from pg_constraint c join pg_class t on t.oid = c.conrelid
        where c.contype = 'f' and c.confrelid = 'raw.submissions'::regclass
          and t.relnamespace = 'raw'::regnamespace
    loop
        execute format('alter table %s drop constraint %I', fk.child, fk.conname);
        execute format('create trigger submission_exists after insert on %s referencing new table as inserted'
                       ' for each statement execute function raw.check_submission_exists()', fk.child);
    end loop;
end
$$;
