-- quality, issue 13: what GX validates, and an audit trail that cannot be bypassed.

-- The batch Great Expectations validates (expectations/great_expectations.yml): every submission
-- without a verdict yet. Only a validation run writes verdicts, one run at a time (locks.VALIDATION),
-- and raw is append-only, so what GX reads for a submission is what the run records for it.
create view quality.pending_submissions as
select s.submission_id
from raw.submissions s
where not exists (select 1 from quality.submission_verdicts v where v.submission_id = s.submission_id);

grant select on quality.pending_submissions to sheetfeed_loader, data_steward;

-- Who changed a quarantine row: the database session user (actor) and, when given, the steward's own name.
alter table quality.quarantine_events add column steward text;

-- The one way a quarantine row comes to be or changes state: it records the event (who, when, why)
-- in the same statement. Only an open quarantine changes (to released or superseded).
create function quality.change_quarantine(
    p_submission_id bigint, p_state text, p_reason text, p_steward text default null
) returns void
language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
declare
    v_current text;
begin
    if p_state not in ('open', 'released', 'superseded') then
        raise exception 'unknown quarantine state %', p_state;
    end if;
    if coalesce(btrim(p_reason), '') = '' then
        raise exception 'a quarantine change needs a reason';
    end if;
    perform set_config('sheetfeed.quarantine_change', 'on', true);
    select state into v_current from quality.quarantine where submission_id = p_submission_id for update;
    if not found then
        if p_state <> 'open' then
            raise exception 'submission % is not quarantined', p_submission_id;
        end if;
        insert into quality.quarantine (submission_id, source_path, source_sha256, sheet_index, program_code, reason)
        select submission_id, source_path, sha256, sheet_index, program_code, p_reason
        from raw.submissions where submission_id = p_submission_id;
        if not found then
            raise exception 'no submission %', p_submission_id;
        end if;
    elsif v_current <> 'open' or p_state = 'open' then
        raise exception 'submission % is already %', p_submission_id, v_current;
    else
        update quality.quarantine set state = p_state where submission_id = p_submission_id;
    end if;
    insert into quality.quarantine_events (submission_id, action, actor, steward, reason)
    values (p_submission_id, case p_state when 'open' then 'quarantined' else p_state end,
            session_user, nullif(btrim(p_steward), ''), p_reason);
    perform set_config('sheetfeed.quarantine_change', '', true);
end
$$;

revoke all on function quality.change_quarantine(bigint, text, text, text) from public;
grant execute on function quality.change_quarantine(bigint, text, text, text) to sheetfeed_loader, data_steward;

-- Direct writes are refused: no role the pipeline or a steward uses may write either table, and even
-- the owner is stopped unless it sets sheetfeed.quarantine_change for a migration's own transaction.
create function quality.refuse_direct_quarantine_change() returns trigger
language plpgsql as $$
begin
    if coalesce(current_setting('sheetfeed.quarantine_change', true), '') <> 'on' then
        raise exception '% of % refused: quarantine changes go through quality.change_quarantine(), which records who, when and why',
            lower(tg_op), tg_table_schema || '.' || tg_table_name
            using errcode = 'insufficient_privilege';
    end if;
    return case when tg_op = 'DELETE' then old else new end;
end
$$;

create trigger change_through_the_function
    before insert or update or delete on quality.quarantine
    for each row execute function quality.refuse_direct_quarantine_change();
create trigger change_through_the_function_truncate
    before truncate on quality.quarantine
    for each statement execute function quality.refuse_direct_quarantine_change();
create trigger append_only
    before update or delete on quality.quarantine_events
    for each row execute function quality.refuse_direct_quarantine_change();
create trigger append_only_truncate
    before truncate on quality.quarantine_events
    for each statement execute function quality.refuse_direct_quarantine_change();

revoke insert, update, delete, truncate on quality.quarantine, quality.quarantine_events
    from sheetfeed_loader, data_steward;
